using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Tests.Loop;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Llm;

/// <summary>Ollama's native /api/chat end to end: tools with object arguments, NDJSON streaming, errors.</summary>
public class OllamaChatClientTests
{
    [Fact]
    public async Task ToolCall_WithObjectArguments_RunsThroughTheLoop_AndTheResultGoesBackAsToolMessage()
    {
        var script = new ModelScript(
            OllamaWire.ToolCalls(("search_movies", """{"query":"heat","limit":1}""")),
            OllamaWire.ToolCalls(("present_recommendations", """{"movie_ids":[4],"reasons":["tense"]}""")),
            OllamaWire.Text("Watch Heat."));
        await using var server = script.Start();
        var tools = new FakeMovieTools();
        var client = FakeMovieTools.Client(FakeMovieTools.OllamaOptions(server));
        Assert.IsType<OllamaChatClient>(client);

        var result = await FakeMovieTools.NewLoop(client).RunAsync(FakeMovieTools.Conversation("crime"), tools.Tools);

        Assert.Equal("Watch Heat.", result.Text);
        Assert.Equal(4, Assert.Single(result.Recommendations).MovieId);
        Assert.All(server.Requests, r => Assert.Equal("/api/chat", r.PathAndQuery));
        var first = ModelScript.Bodies(server)[0];
        Assert.Equal("llama3.1", (string?)first["model"]);
        Assert.False(first["stream"]!.GetValue<bool>());
        Assert.Equal("search_movies", (string?)first["tools"]![0]!["function"]!["name"]);

        var second = ModelScript.Bodies(server)[1]["messages"]!.AsArray();
        var assistant = second.Single(m => (string?)m!["role"] == "assistant")!;
        Assert.Equal(JsonValueKind.Object, assistant["tool_calls"]![0]!["function"]!["arguments"]!.GetValueKind());
        Assert.Equal("heat", (string?)assistant["tool_calls"]![0]!["function"]!["arguments"]!["query"]);
        var tool = second.Single(m => (string?)m!["role"] == "tool")!;
        Assert.Equal("search_movies", (string?)tool["tool_name"]);
        Assert.Contains("\"movieId\":4", (string?)tool["content"]);
        Assert.Equal(40 + 40 + 30, result.Usage.InputTokens);
        Assert.Equal(9 + 9 + 12, result.Usage.OutputTokens);
    }

    [Fact]
    public async Task Streaming_AssemblesNdjsonText_AndReadsTheCountsOfTheDoneLine()
    {
        var script = new ModelScript(OllamaWire.StreamText("Hel", "lo ", "there"));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OllamaOptions(server));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            updates.Add(update);
        var response = updates.ToChatResponse();

        Assert.Equal("Hello there", response.Text);
        Assert.Equal(26, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.True(ModelScript.Bodies(server)[0]["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterRetryAfter()
    {
        var script = new ModelScript(OllamaWire.Error(429, "busy", retryAfter: "1"), OllamaWire.Text("ok"));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OllamaOptions(server));

        var clock = Stopwatch.StartNew();
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task ASlowServer_RaisesATimeout()
    {
        await using var server = new ScriptedHttpServer(async (_, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await ScriptedHttpServer.WriteAsync(response, "{}");
        });
        var client = FakeMovieTools.Client(FakeMovieTools.OllamaOptions(server, maxRetries: 3, timeoutSeconds: 0.3));

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.True(error.IsTimeout);
        // a retry would have arrived by now (backoff starts at 0.5 s); the server may log a request late under load
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(server.Requests.Count <= 1, $"{server.Requests.Count} requests: a timeout was retried");
    }

    [Fact]
    public async Task UnknownModel_SaysHowToPullIt()
    {
        var script = new ModelScript(OllamaWire.Error(404, "model \"llama3.1\" not found, try pulling it first"));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OllamaOptions(server));

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("not found", error.Message);
        Assert.Contains("ollama pull llama3.1", error.Message);
    }
}
