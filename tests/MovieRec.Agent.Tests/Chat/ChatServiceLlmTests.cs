using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Tests.Llm;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Chat;

/// <summary>
/// A chat turn through the real services (DI as the surfaces use it), the real engine and tools, and a scripted
/// OpenAI-compatible server on 127.0.0.1: grounding of the model's picks, and the fallback when the model is down.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ChatServiceLlmTests(EngineFixture fixture) : IDisposable
{
    private readonly TempDir _temp = new();

    private ServiceProvider Services(ScriptedHttpServer server, int maxRetries = 0, Dictionary<string, string?>? settings = null) =>
        ChatServiceOfflineTests.Services(fixture, _temp, new Dictionary<string, string?>(settings ?? [])
        {
            ["Llm:Provider"] = "openai-compatible",
            ["Llm:Model"] = "test-model",
            ["Llm:Endpoint"] = new Uri(server.BaseAddress, "v1").ToString(),
            ["Llm:ApiKey"] = "test-key",
            ["Llm:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [Fact]
    public async Task TheSystemPromptAsksForKMovies_ChatDefaultKWhenTheRequestSaysNothing()
    {
        var script = new ModelScript(OpenAIWire.Text("What are you in the mood for?"), OpenAIWire.Text("Any favourite actor?"));
        await using var server = script.Start();
        await using var services = Services(server, settings: new() { ["Chat:DefaultK"] = "7" });
        var chat = services.GetRequiredService<IChatService>();

        await chat.ChatAsync(new ChatRequest { Message = "hi" });
        await chat.ChatAsync(new ChatRequest { Message = "hi again", K = 12 });

        string SystemPrompt(int request) => JsonNode.Parse(server.Requests.ElementAt(request).Body)!["messages"]![0]!.ToJsonString();
        Assert.Contains("7 movies unless", SystemPrompt(0));
        Assert.Contains("12 movies unless", SystemPrompt(1));
    }

    /// <summary>The first movie in the last tool result the model was sent (what our search_movies returned).</summary>
    private static int FirstReturnedMovie(ScriptedHttpServer.RecordedRequest request)
    {
        var toolMessage = JsonNode.Parse(request.Body)!["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!;
        return (int)JsonNode.Parse((string)toolMessage["content"]!)!["movies"]![0]!["movieId"]!;
    }

    /// <summary>The list item the scripted answers write for the grounded pick.</summary>
    private string PickLine(int movieId) => fixture.Engine.Catalog.Get(movieId) is { } m ? $"1. **{m.Title} ({m.Year})**: a tense heist." : "";

    [Fact]
    public async Task TheModelsPicksAreGroundedInOurToolResults_AndAnInventedMovieIsDropped()
    {
        var presented = 0;
        // step 2 presents the first movie our search_movies returned, plus an id no tool returned
        Task Present(ScriptedHttpServer.RecordedRequest request, HttpListenerResponse response)
        {
            presented = FirstReturnedMovie(request);
            return OpenAIWire.ToolCalls(("c2", "present_recommendations", $$"""{"movie_ids":[{{presented}},99999999],"reasons":["a tense heist","made up"]}"""))(request, response);
        }
        // the final text lists the grounded pick, an invented movie and a catalog movie no tool returned
        string Grounded() => PickLine(presented);
        Task Answer(ScriptedHttpServer.RecordedRequest request, HttpListenerResponse response) => OpenAIWire.Text(
            $"Here is a heist movie for you:\n\n{Grounded()}\n2. **The Vault Job (2031)**: made up.\n3. **Toy Story (1995)**: never returned.")(request, response);
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("c1", "search_movies", """{"query":"bank heist","genres":["Crime"],"limit":3}""")),
            Present,
            Answer);
        await using var server = script.Start();
        await using var services = Services(server);

        var response = await services.GetRequiredService<IChatService>().ChatAsync(new ChatRequest { Message = "a bank heist movie" });

        Assert.Equal("llm:openai-compatible/test-model", response.Responder);
        Assert.Equal($"Here is a heist movie for you:\n\n{Grounded()}", response.Reply); // the other two items dropped
        var pick = Assert.Single(response.Recommendations);
        Assert.Equal(presented, pick.MovieId);
        Assert.Contains("Crime", pick.Genres);
        Assert.Equal("a tense heist", pick.Reasons[0]);
        // search, present (one id ungrounded), then one repair round
        Assert.Equal(3, ModelScript.Bodies(server).Count);
    }

    [Fact]
    public async Task AStreamedReply_NeverShowsAListItemTheSavedReplyDrops_AndAddsUpToIt()
    {
        var presented = 0;
        // every step streams (SSE); step 2 presents the first movie our search_movies returned
        Task Present(ScriptedHttpServer.RecordedRequest request, HttpListenerResponse response)
        {
            presented = FirstReturnedMovie(request);
            return OpenAIWire.Stream(
                OpenAIWire.ToolChunk(0, "c2", "present_recommendations", $$"""{"movie_ids":[{{presented}}],"reasons":["a tense heist"]}"""),
                OpenAIWire.FinishChunk("tool_calls"))(request, response);
        }
        string Grounded() => PickLine(presented);
        // the answer's list names the pick, then a catalog movie no tool returned and an invented one, each split mid-title
        Task Answer(ScriptedHttpServer.RecordedRequest request, HttpListenerResponse response) => OpenAIWire.Stream(
            OpenAIWire.TextChunk("Here is a heist "),
            OpenAIWire.TextChunk("movie for you:\n\n" + Grounded()[..6]),
            OpenAIWire.TextChunk(Grounded()[6..] + "\n2. **Toy St"),
            OpenAIWire.TextChunk("ory (1995)**: never returned.\n3. **The Vau"),
            OpenAIWire.TextChunk("lt Job (2031)**: made up.\nEnjoy the"),
            OpenAIWire.TextChunk(" show!"),
            OpenAIWire.FinishChunk("stop"))(request, response);
        var script = new ModelScript(
            OpenAIWire.Stream(
                OpenAIWire.ToolChunk(0, "c1", "search_movies", """{"query":"bank heist","genres":["Crime"],"limit":3}"""),
                OpenAIWire.FinishChunk("tool_calls")),
            Present,
            Answer);
        await using var server = script.Start();
        await using var services = Services(server);

        var (done, deltas) = await StreamAsync(services, "a bank heist movie");

        var streamed = string.Concat(deltas);
        Assert.DoesNotContain("Toy St", streamed, StringComparison.Ordinal);
        Assert.DoesNotContain("The Vau", streamed, StringComparison.Ordinal);
        Assert.Equal($"Here is a heist movie for you:\n\n{Grounded()}\nEnjoy the show!", done.Reply);
        Assert.Equal(done.Reply, streamed);
        Assert.Equal("Here is a heist ", deltas[0]); // prose is not held back
        Assert.Equal(presented, Assert.Single(done.Recommendations).MovieId);
    }

    [Fact]
    public async Task TextStreamedBeforeAToolCall_IsPartOfTheReply_WhileUnseenTextIsNot()
    {
        const string Search = """{"query":"bank heist","limit":3}""";
        ChatResponse streamedDone;
        List<string> deltas;
        await using (var server = new ModelScript(
            OpenAIWire.Stream(OpenAIWire.TextChunk("Let me look "), OpenAIWire.TextChunk("that up."), OpenAIWire.ToolChunk(0, "c1", "search_movies", Search), OpenAIWire.FinishChunk("tool_calls")),
            OpenAIWire.Stream(OpenAIWire.TextChunk("\n"), OpenAIWire.TextChunk("Nothing fits, sorry."), OpenAIWire.FinishChunk("stop"))).Start())
        await using (var services = Services(server))
        {
            (streamedDone, deltas) = await StreamAsync(services, "a bank heist movie");
        }
        ChatResponse plain;
        await using (var server = new ModelScript(OpenAIWire.SayAndCall("Let me look that up.", ("c1", "search_movies", Search)), OpenAIWire.Text("Nothing fits, sorry.")).Start())
        await using (var services = Services(server))
            plain = await services.GetRequiredService<IChatService>().ChatAsync(new ChatRequest { Message = "a bank heist movie" });

        Assert.Equal("Let me look that up.\n\nNothing fits, sorry.", streamedDone.Reply);
        Assert.Equal(streamedDone.Reply, string.Concat(deltas));
        Assert.Equal("Nothing fits, sorry.", plain.Reply); // not streamed, the tool step's words were never shown
    }

    [Fact]
    public async Task AModelThatBreaksOffMidAnswer_IsFollowedByTheOfflineAnswer_AndTheReplyKeepsWhatWasShown()
    {
        await using var server = new ModelScript(OpenAIWire.Stream(OpenAIWire.TextChunk("Here are a few "), OpenAIWire.TextChunk("comedies:\n"), "{broken json")).Start();
        await using var services = Services(server);

        var (done, deltas) = await StreamAsync(services, "a comedy from the 80s");

        Assert.StartsWith("offline (llm unavailable", done.Responder, StringComparison.Ordinal);
        Assert.NotEmpty(done.Recommendations);
        Assert.StartsWith($"Here are a few comedies:\n\n{ChatService.StreamBrokeOffNote}\n\n", done.Reply, StringComparison.Ordinal);
        Assert.Equal(done.Reply, string.Concat(deltas));
    }

    /// <summary>Streams one chat turn: the text pieces as they came, and the final response.</summary>
    private static async Task<(ChatResponse Done, List<string> Deltas)> StreamAsync(IServiceProvider services, string message)
    {
        var deltas = new List<string>();
        ChatResponse? done = null;
        await foreach (var e in services.GetRequiredService<IChatService>().ChatStreamingAsync(new ChatRequest { Message = message }))
        {
            if (e is ChatStreamEvent.Delta delta) deltas.Add(delta.Text);
            else if (e is ChatStreamEvent.Completed completed) done = completed.Response;
        }
        Assert.NotNull(done);
        return (done, deltas);
    }

    [Fact]
    public async Task WhenTheModelIsDown_TheOfflineAssistantAnswers_AndSaysSo()
    {
        await using var server = new ModelScript(OpenAIWire.Status(503)).Start();
        await using var services = Services(server);

        var response = await services.GetRequiredService<IChatService>().ChatAsync(new ChatRequest { Message = "a comedy from the 80s" });

        Assert.StartsWith("offline (llm unavailable", response.Responder, StringComparison.Ordinal);
        Assert.NotEmpty(response.Recommendations);
        Assert.All(response.Recommendations, r => Assert.InRange(r.Year ?? 0, 1980, 1989));
    }

    [Fact]
    public async Task WhenTheModelTimesOut_TheOfflineAssistantAnswers_AndSaysSo()
    {
        await using var server = new ScriptedHttpServer(async (_, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await ScriptedHttpServer.WriteAsync(response, "{}");
        });
        await using var services = Services(server, settings: new() { ["Llm:Timeout"] = "00:00:00.300" });

        var response = await services.GetRequiredService<IChatService>().ChatAsync(new ChatRequest { Message = "a comedy from the 80s" });

        Assert.StartsWith("offline (llm unavailable", response.Responder, StringComparison.Ordinal);
        Assert.All(response.Recommendations, r => Assert.InRange(r.Year ?? 0, 1980, 1989));
        Assert.NotEmpty(response.Recommendations);
    }

    public void Dispose() => _temp.Dispose();
}
