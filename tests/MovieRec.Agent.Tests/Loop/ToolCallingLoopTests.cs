using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MovieRec.Agent.Tests.Llm;
using MovieRec.Testing;
using static MovieRec.Agent.Tests.Loop.FakeMovieTools;

namespace MovieRec.Agent.Tests.Loop;

/// <summary>The loop end to end over the OpenAI adapter and a real HTTP server speaking chat completions.</summary>
public class ToolCallingLoopTests
{
    private static JsonArray Messages(JsonNode body) => body["messages"]!.AsArray();

    private static List<JsonNode> ToolMessages(JsonNode body) =>
        Messages(body).Where(m => (string?)m!["role"] == "tool").Select(m => m!).ToList();

    [Fact]
    public async Task ToolCall_RunsOurTool_AndSendsItsResultBack()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("call_1", "search_movies", """{"query":"alien"}""")),
            OpenAIWire.Text("Try **Alien (1979)**."));
        await using var server = script.Start();
        var tools = new FakeMovieTools();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("something scary in space"), tools.Tools);

        Assert.Equal("Try **Alien (1979)**.", result.Text);
        Assert.Equal(1, tools.SearchCalls);
        var bodies = ModelScript.Bodies(server);
        Assert.Equal(2, bodies.Count);
        // first request advertises our tools plus present_recommendations
        var toolNames = bodies[0]["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]).ToList();
        Assert.Equal(["search_movies", "movie_details", "present_recommendations"], toolNames);
        // second request: the assistant's call, then the tool message with our result
        var assistant = Messages(bodies[1]).Single(m => (string?)m!["role"] == "assistant")!;
        Assert.Equal("call_1", (string?)assistant["tool_calls"]![0]!["id"]);
        var toolMessage = Assert.Single(ToolMessages(bodies[1]));
        Assert.Equal("call_1", (string?)toolMessage["tool_call_id"]);
        var content = JsonNode.Parse((string)toolMessage["content"]!)!;
        Assert.Equal(2, (int)content["results"]![0]!["movieId"]!);
        Assert.Equal("Alien", (string?)content["results"]![0]!["title"]);

        var call = Assert.Single(result.ToolCalls);
        Assert.Equal("search_movies", call.Name);
        Assert.False(call.IsError);
        Assert.Contains("\"movieId\":2", call.ResultJson);
        Assert.Equal(2, result.Steps);
        Assert.Equal(20 + 10, result.Usage.InputTokens);
        Assert.Equal(8 + 5, result.Usage.OutputTokens);
        // the new history: assistant (call), tool (result), assistant (answer)
        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], result.NewMessages.Select(m => m.Role));
    }

    [Fact]
    public async Task SeveralCallsInOneStep_RunInParallel_AndAllResultsGoBack()
    {
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        async Task<string> Probe(string name)
        {
            if (Interlocked.Increment(ref started) == 2) bothStarted.TrySetResult();
            var first = await Task.WhenAny(bothStarted.Task, Task.Delay(TimeSpan.FromSeconds(5)));
            return first == bothStarted.Task ? $$"""{"probe":"{{name}}","ran":"together"}""" : $$"""{"probe":"{{name}}","ran":"alone"}""";
        }
        AITool[] tools =
        [
            AIFunctionFactory.Create(() => Probe("a"), "probe_a", "A"),
            AIFunctionFactory.Create(() => Probe("b"), "probe_b", "B"),
        ];
        var script = new ModelScript(OpenAIWire.ToolCalls(("c_a", "probe_a", "{}"), ("c_b", "probe_b", "{}")), OpenAIWire.Text("done"));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("go"), tools);

        Assert.Equal(2, result.ToolCalls.Count);
        Assert.All(result.ToolCalls, c => Assert.Contains("together", c.ResultJson));
        var toolMessages = ToolMessages(ModelScript.Bodies(server)[1]);
        Assert.Equal(["c_a", "c_b"], toolMessages.Select(m => (string?)m["tool_call_id"]));
    }

    [Theory]
    [InlineData("{\"query\": ", "not valid JSON")]
    [InlineData("{\"query\": 42}", "must be string")]
    [InlineData("{\"limit\": 2}", "missing required argument 'query'")]
    [InlineData("{\"query\": \"x\", \"colour\": \"red\"}", "unknown argument 'colour'")]
    public async Task BadArguments_BecomeAnErrorResultForTheModel_AndTheToolDoesNotRun(string arguments, string expected)
    {
        var script = new ModelScript(OpenAIWire.ToolCalls(("call_1", "search_movies", arguments)), OpenAIWire.Text("Sorry."));
        await using var server = script.Start();
        var tools = new FakeMovieTools();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("find"), tools.Tools);

        Assert.Equal(0, tools.SearchCalls);
        var call = Assert.Single(result.ToolCalls);
        Assert.True(call.IsError);
        var fedBack = (string)Assert.Single(ToolMessages(ModelScript.Bodies(server)[1]))["content"]!;
        Assert.Contains(expected, (string?)JsonNode.Parse(fedBack)!["error"]);
        Assert.Equal("Sorry.", result.Text);
    }

    [Fact]
    public async Task UnknownTool_AndThrowingTool_AreReportedToTheModel()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("call_1", "delete_everything", "{}"), ("call_2", "movie_details", """{"movie_id": 77}""")),
            OpenAIWire.Text("ok"));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("hi"), new FakeMovieTools().Tools);

        var fedBack = ToolMessages(ModelScript.Bodies(server)[1]).Select(m => (string)m["content"]!).ToList();
        Assert.Contains("Unknown tool 'delete_everything'", fedBack[0]);
        Assert.Contains("search_movies", fedBack[0]); // lists what exists
        Assert.Contains("No movie with id 77", fedBack[1]);
        Assert.All(result.ToolCalls, c => Assert.True(c.IsError));
    }

    [Fact]
    public async Task UngroundedId_TriggersOneRepairRound_ThenIsDropped()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("call_1", "search_movies", """{"query":"sci-fi"}""")),
            OpenAIWire.ToolCalls(("call_2", "present_recommendations", """{"movie_ids":[1,999],"reasons":["space","invented"]}""")),
            OpenAIWire.ToolCalls(("call_3", "present_recommendations", """{"movie_ids":[2,999],"reasons":["scary","still invented"]}""")),
            OpenAIWire.Text("Here you go."));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("sci-fi please"), new FakeMovieTools().Tools);

        Assert.True(result.Repaired);
        var bodies = ModelScript.Bodies(server);
        Assert.Equal(4, bodies.Count);
        var repair = (string)Messages(bodies[2]).Last()!["content"]!;
        Assert.Equal("user", (string?)Messages(bodies[2]).Last()!["role"]);
        Assert.Contains("- 999", repair);
        Assert.Contains("- 1: Interstellar", repair);
        Assert.Contains("- 2: Alien", repair);
        Assert.DoesNotContain("{{", repair);
        // no second repair: the last request carries no new correction
        Assert.Equal("tool", (string?)Messages(bodies[3]).Last()!["role"]);

        var recommendation = Assert.Single(result.Recommendations);
        Assert.Equal((2, "scary", "Alien"), (recommendation.MovieId, recommendation.Reason, recommendation.Title));
        Assert.Equal([999], result.DroppedMovieIds);
        Assert.Equal("Here you go.", result.Text);
    }

    [Fact]
    public async Task GroundedPresentation_NeedsNoRepair_AndKeepsOrderAndReasons()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("c1", "search_movies", """{"query":"1995"}"""), ("c2", "search_movies", """{"query":"sci-fi"}""")),
            OpenAIWire.ToolCalls(("c3", "present_recommendations", """{"movie_ids":[2,1],"reasons":["classic","epic"]}""")),
            OpenAIWire.Text("Two picks."));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server))).RunAsync(Conversation("sci-fi"), new FakeMovieTools().Tools);

        Assert.False(result.Repaired);
        Assert.Equal([(2, "classic"), (1, "epic")], result.Recommendations.Select(r => (r.MovieId, r.Reason)));
        Assert.Empty(result.DroppedMovieIds);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task StepLimit_ForcesAFinalAnswerWithoutTools()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("c1", "search_movies", """{"query":"a"}""")),
            OpenAIWire.ToolCalls(("c2", "search_movies", """{"query":"b"}""")),
            OpenAIWire.Text("Final."));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server)), maxToolSteps: 2).RunAsync(Conversation("x"), new FakeMovieTools().Tools);

        var bodies = ModelScript.Bodies(server);
        Assert.Equal(3, bodies.Count);
        Assert.Null(bodies[1]["tool_choice"]);
        Assert.Equal("none", (string?)bodies[2]["tool_choice"]);
        Assert.Equal("Final.", result.Text);
        Assert.Equal(3, result.Steps);
    }

    [Fact]
    public async Task Streaming_AssemblesToolCallDeltas_StreamsTheAnswer_AndCountsUsage()
    {
        var script = new ModelScript(
            OpenAIWire.Stream(
                OpenAIWire.ToolChunk(0, "call_s", "search_movies", ""),
                OpenAIWire.ToolChunk(0, null, null, "{\"que"),
                OpenAIWire.ToolChunk(0, null, null, "ry\":\"toy\"}"),
                OpenAIWire.ToolChunk(1, "call_t", "present_recommendations", "{\"movie_ids\":[3],"),
                OpenAIWire.ToolChunk(1, null, null, "\"reasons\":[\"fun\"]}"),
                OpenAIWire.FinishChunk("tool_calls"),
                OpenAIWire.UsageChunk(50, 20)),
            OpenAIWire.Stream(
                OpenAIWire.TextChunk("Watch "),
                OpenAIWire.TextChunk("**Toy Story**"),
                OpenAIWire.TextChunk("!"),
                OpenAIWire.FinishChunk("stop"),
                OpenAIWire.UsageChunk(80, 4)));
        await using var server = script.Start();
        var tools = new FakeMovieTools();

        var deltas = new List<string>();
        Agent.Loop.AgentTurnResult? result = null;
        await foreach (var update in NewLoop(Client(OpenAIOptions(server))).RunStreamingAsync(Conversation("cartoon"), tools.Tools))
        {
            if (update.TextDelta is { } d) deltas.Add(d);
            if (update.Result is { } r) result = r;
        }

        Assert.Equal(["Watch ", "**Toy Story**", "!"], deltas);
        Assert.NotNull(result);
        Assert.Equal("Watch **Toy Story**!", result.Text);
        Assert.Equal(1, tools.SearchCalls);
        Assert.Equal("""{"query":"toy"}""", result.ToolCalls[0].ArgumentsJson);
        Assert.Equal(3, Assert.Single(result.Recommendations).MovieId);
        Assert.Equal(130, result.Usage.InputTokens);
        Assert.Equal(24, result.Usage.OutputTokens);
        Assert.True(ModelScript.Bodies(server)[0]["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RepairAtTheStepLimit_StillGetsAStepToPresentAgain()
    {
        var script = new ModelScript(
            OpenAIWire.ToolCalls(("c1", "search_movies", """{"query":"heat"}"""), ("c2", "present_recommendations", """{"movie_ids":[42]}""")),
            OpenAIWire.ToolCalls(("c3", "present_recommendations", """{"movie_ids":[4],"reasons":["tense"]}""")),
            OpenAIWire.Text("Heat."));
        await using var server = script.Start();

        var result = await NewLoop(Client(OpenAIOptions(server)), maxToolSteps: 1).RunAsync(Conversation("crime"), new FakeMovieTools().Tools);

        var bodies = ModelScript.Bodies(server);
        Assert.Null(bodies[1]["tool_choice"]);               // the repair step may call tools
        Assert.Equal("none", (string?)bodies[2]["tool_choice"]); // then the answer is forced
        Assert.True(result.Repaired);
        Assert.Equal(4, Assert.Single(result.Recommendations).MovieId);
        Assert.Empty(result.DroppedMovieIds);
    }

    [Fact]
    public async Task Streaming_OverOllama_RunsToolsFromNdjson()
    {
        static string Line(string json) => json + "\n";
        var script = new ModelScript(
            (_, r) => MovieRec.Testing.ScriptedHttpServer.StreamAsync(r,
            [
                Line("""{"model":"llama3.1","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"search_movies","arguments":{"query":"toy"}}}]},"done":false}"""),
                Line("""{"model":"llama3.1","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":11,"eval_count":3}"""),
            ], "application/x-ndjson"),
            OllamaWire.StreamText("Toy ", "Story"));
        await using var server = script.Start();
        var tools = new FakeMovieTools();

        var text = "";
        Agent.Loop.AgentTurnResult? result = null;
        await foreach (var update in NewLoop(Client(OllamaOptions(server))).RunStreamingAsync(Conversation("kids"), tools.Tools))
        {
            text += update.TextDelta;
            result ??= update.Result;
        }

        Assert.Equal("Toy Story", text);
        Assert.Equal(1, tools.SearchCalls);
        Assert.Equal(11 + 26, result!.Usage.InputTokens);
        var toolMessage = ModelScript.Bodies(server)[1]["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool")!;
        Assert.Contains("Toy Story", (string?)toolMessage["content"]);
    }

    [Fact]
    public async Task EachTurn_IsLoggedWithStepsToolCallsTokensAndLatency()
    {
        var script = new ModelScript(OpenAIWire.ToolCalls(("c1", "search_movies", """{"query":"heat"}""")), OpenAIWire.Text("Heat."));
        await using var server = script.Start();
        var logger = new RecordingLogger<Agent.Loop.ToolCallingLoop>();
        var loop = new Agent.Loop.ToolCallingLoop(Client(OpenAIOptions(server)), FakeMovieTools.Prompts().Repair, null, logger);

        await loop.RunAsync(Conversation("crime"), new FakeMovieTools().Tools);

        var turn = Assert.Single(logger.Entries, e => e.Values.ContainsKey("LatencyMs")).Values;
        Assert.Equal(2, turn["Steps"]);
        Assert.Equal(1, turn["ToolCalls"]);
        Assert.Equal(30L, turn["PromptTokens"]);
        Assert.Equal(13L, turn["CompletionTokens"]);
    }
}
