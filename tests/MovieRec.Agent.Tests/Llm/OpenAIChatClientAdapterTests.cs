using System.Diagnostics;
using Microsoft.Extensions.AI;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Tests.Loop;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Llm;

public class OpenAIChatClientAdapterTests
{
    private static List<ChatMessage> Hello() => [new(ChatRole.User, "hello")];

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterRetryAfter_ThenSucceeds()
    {
        var script = new ModelScript(OpenAIWire.Status(429, retryAfter: "1"), OpenAIWire.Text("hi", 7, 3));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OpenAIOptions(server, maxRetries: 2));

        var clock = Stopwatch.StartNew();
        var response = await client.GetResponseAsync(Hello());

        Assert.Equal("hi", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
        Assert.Equal(7, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task ServerErrors_AfterTheRetries_RaiseLlmUnavailable_WithTheStatus()
    {
        var script = new ModelScript(OpenAIWire.Status(503, retryAfter: "0"));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OpenAIOptions(server, maxRetries: 2));

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync(Hello()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, server.Requests.Count); // first try + 2 retries
        Assert.False(error.IsTimeout);
    }

    [Fact]
    public async Task ASlowServer_RaisesATimeout_WithoutRetrying()
    {
        await using var server = new ScriptedHttpServer(async (_, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await ScriptedHttpServer.WriteAsync(response, "{}");
        });
        var client = FakeMovieTools.Client(FakeMovieTools.OpenAIOptions(server, maxRetries: 3, timeoutSeconds: 0.3));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync(Hello()));

        Assert.True(error.IsTimeout, error.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
        // a retry would have arrived by now (backoff starts at 0.5 s); the server may log a request late under load
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(server.Requests.Count <= 1, $"{server.Requests.Count} requests: a timeout was retried");
    }

    [Fact]
    public async Task NothingListening_RaisesLlmUnavailable()
    {
        using var closed = new ClosedPort();
        var address = new Uri($"http://127.0.0.1:{closed.Port}/");
        var options = new LlmOptions { Provider = "openai-compatible", Model = "m", Endpoint = new Uri(address, "v1").ToString(), MaxRetries = 0 };

        await Assert.ThrowsAsync<LlmUnavailableException>(() => FakeMovieTools.Client(options).GetResponseAsync(Hello()));
    }

    [Fact]
    public async Task AzureOpenAI_SendsTheKeyAsApiKeyHeader_ToTheV1Endpoint()
    {
        var script = new ModelScript(OpenAIWire.Text("hi"));
        await using var server = script.Start();
        var options = new LlmOptions
        {
            Provider = "azure-openai", Model = "my-gpt4o-deployment", ApiKey = "azure-secret",
            Endpoint = new Uri(server.BaseAddress, "openai/v1/").ToString(),
        };

        await FakeMovieTools.Client(options).GetResponseAsync(Hello());

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("azure-secret", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization")); // the key goes out once, in the header Azure documents
        Assert.Contains("\"model\":\"my-gpt4o-deployment\"", request.Body);
    }

    [Fact]
    public async Task OpenAI_SendsABearerKey_AndMapsToolsAndHistory()
    {
        var script = new ModelScript(OpenAIWire.Text("hi"));
        await using var server = script.Start();
        var client = FakeMovieTools.Client(FakeMovieTools.OpenAIOptions(server));
        List<ChatMessage> history =
        [
            new(ChatRole.System, "be brief"),
            new(ChatRole.User, "find alien"),
            new(ChatRole.Assistant, [new FunctionCallContent("c9", "search_movies", new Dictionary<string, object?> { ["query"] = "alien" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c9", """{"results":[]}""")]),
        ];

        await client.GetResponseAsync(history, new ChatOptions { Tools = new FakeMovieTools().Tools, Temperature = 0.2f });

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer test-key", request.Headers["Authorization"]);
        var body = ModelScript.Bodies(server)[0];
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("""{"query":"alien"}""", (string?)messages[2]!["tool_calls"]![0]!["function"]!["arguments"]);
        Assert.Equal("c9", (string?)messages[3]!["tool_call_id"]);
        Assert.Equal("search_movies", (string?)body["tools"]![0]!["function"]!["name"]);
        Assert.Equal("string", (string?)body["tools"]![0]!["function"]!["parameters"]!["properties"]!["query"]!["type"]);
    }
}
