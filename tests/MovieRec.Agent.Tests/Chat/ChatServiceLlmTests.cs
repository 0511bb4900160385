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

    [Fact]
    public async Task TheModelsPicksAreGroundedInOurToolResults_AndAnInventedMovieIsDropped()
    {
        var presented = 0;
        // step 2 presents the first movie our search_movies returned, plus an id no tool returned
        Task Present(ScriptedHttpServer.RecordedRequest request, HttpListenerResponse response)
        {
            var toolMessage = JsonNode.Parse(request.Body)!["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!;
            presented = (int)JsonNode.Parse((string)toolMessage["content"]!)!["movies"]![0]!["movieId"]!;
            return OpenAIWire.ToolCalls(("c2", "present_recommendations", $$"""{"movie_ids":[{{presented}},99999999],"reasons":["a tense heist","made up"]}"""))(request, response);
        }
        // the final text lists the grounded pick, an invented movie and a catalog movie no tool returned
        string Grounded() => fixture.Engine.Catalog.Get(presented) is { } m ? $"1. **{m.Title} ({m.Year})**: a tense heist." : "";
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
