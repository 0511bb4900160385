using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Prompts;

namespace MovieRec.Agent.Loop;

/// <summary>
/// Runs one agent turn over any <see cref="IChatClient"/> and any set of <see cref="AIFunction"/>s:
/// sends the history and the tools, runs the calls the model asks for (in parallel within a step),
/// feeds every problem back to the model as data (bad JSON, wrong or missing arguments, unknown tool,
/// a tool that throws), repeats up to <see cref="ToolCallingLoopOptions.MaxToolSteps"/> and then forces
/// a final answer without tools. Recommendations are grounded: see <see cref="GroundingCollector"/>
/// for which ids count, and the <c>present_recommendations</c> tool the loop adds.
/// Only <see cref="LlmUnavailableException"/> (from the client) and cancellation escape.
/// </summary>
public sealed class ToolCallingLoop
{
    private readonly IChatClient _client;
    private readonly PromptTemplate _repairPrompt;
    private readonly ToolCallingLoopOptions _options;
    private readonly ILogger _logger;

    /// <param name="client">Any chat client (ours, or the app's own).</param>
    /// <param name="repairPrompt">prompts/repair.md ({{ungrounded}}, {{allowed}}), e.g. <see cref="PromptLibrary.Repair"/>.</param>
    public ToolCallingLoop(IChatClient client, PromptTemplate repairPrompt, ToolCallingLoopOptions? options = null, ILogger<ToolCallingLoop>? logger = null)
    {
        _client = client;
        _repairPrompt = repairPrompt;
        _options = options ?? new ToolCallingLoopOptions();
        if (_options.MaxToolSteps < 1) throw new ArgumentException("MaxToolSteps must be at least 1.", nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs the turn. <paramref name="messages"/> is the whole prompt: system message, history, the new user message.</summary>
    public async Task<AgentTurnResult> RunAsync(IEnumerable<ChatMessage> messages, IEnumerable<AITool> tools, CancellationToken cancellationToken = default)
    {
        await foreach (var update in RunCoreAsync(messages, tools, streaming: false, cancellationToken))
            if (update.Result is { } result) return result;
        throw new UnreachableException("The loop always ends with a result.");
    }

    /// <summary>
    /// Same as <see cref="RunAsync"/> with the model's text streamed as it is generated (text written
    /// in tool steps, usually none, is streamed too, and so is part of the reply); after each tool step, once
    /// the model has presented picks, an update carries the grounded recommendations so far; the last update carries the result.
    /// </summary>
    public IAsyncEnumerable<AgentStreamUpdate> RunStreamingAsync(IEnumerable<ChatMessage> messages, IEnumerable<AITool> tools, CancellationToken cancellationToken = default) =>
        RunCoreAsync(messages, tools, streaming: true, cancellationToken);

    private async IAsyncEnumerable<AgentStreamUpdate> RunCoreAsync(IEnumerable<ChatMessage> messages, IEnumerable<AITool> tools, bool streaming,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var history = messages.ToList();
        var firstNew = history.Count;
        var presenter = new RecommendationPresenter();
        var grounding = new GroundingCollector();
        var functions = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (var function in tools.OfType<AIFunction>()) functions[function.Name] = function;
        functions[RecommendationPresenter.ToolName] = presenter.Function;

        var toolOptions = new ChatOptions
        {
            Tools = [.. functions.Values],
            ToolMode = ChatToolMode.Auto,
            AllowMultipleToolCalls = true,
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
        };
        var finalOptions = toolOptions.Clone();
        finalOptions.ToolMode = ChatToolMode.None;

        var records = new List<ToolCallRecord>();
        var usage = new TokenUsage(0, 0);
        var steps = 0;
        var toolSteps = 0;
        var toolStepLimit = _options.MaxToolSteps;
        var repaired = false;
        // the reply: when streaming, what the person saw in every step ("Let me look that up." before a tool call, then
        // the answer), so the streamed text and the reply agree; otherwise the answer step's text
        var said = new StringBuilder();

        while (true)
        {
            var forceAnswer = toolSteps >= toolStepLimit;
            steps++;
            var options = forceAnswer ? finalOptions : toolOptions;
            ChatResponse response;
            if (streaming)
            {
                var updates = new List<ChatResponseUpdate>();
                var stepStart = said.Length;
                await foreach (var update in _client.GetStreamingResponseAsync(history, options, cancellationToken))
                {
                    updates.Add(update);
                    var delta = update.Text;
                    if (string.IsNullOrEmpty(delta)) continue;
                    if (said.Length == stepStart) // the step's first words, after a blank line when an earlier step said something
                    {
                        delta = delta.TrimStart();
                        if (delta.Length == 0) continue;
                        if (said.Length > 0) delta = StepSeparator + delta;
                    }
                    said.Append(delta);
                    yield return AgentStreamUpdate.Text(delta);
                }
                response = updates.ToChatResponse();
            }
            else
            {
                response = await _client.GetResponseAsync(history, options, cancellationToken);
            }
            usage += TokenUsage.From(response.Usage);

            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (forceAnswer || calls.Count == 0)
            {
                // A server that ignores "no tools" may still ask for some: keep only the text, so the history stays valid.
                history.Add(new ChatMessage(ChatRole.Assistant, response.Text));
                if (!streaming) said.Append(response.Text); // unseen, text of tool steps is not part of the reply (nor of an email)
                if (calls.Count > 0) _logger.LogWarning("The model asked for {Count} tool call(s) after the step limit; ignored", calls.Count);
                break;
            }

            history.AddRange(response.Messages);
            toolSteps++;
            var results = await Task.WhenAll(calls.Select(call => InvokeAsync(call, functions, grounding, steps, cancellationToken)));
            records.AddRange(results.Select(r => r.Record));
            history.Add(new ChatMessage(ChatRole.Tool, results.Select(r => (AIContent)r.Content).ToList()));

            // Check grounding right after a presentation, so the answer is written after the one repair round.
            if (!repaired && calls.Any(c => c.Name == RecommendationPresenter.ToolName)
                && presenter.Latest is { } presented && presented.Any(p => !grounding.Contains(p.MovieId)))
            {
                repaired = true;
                var bad = presented.Where(p => !grounding.Contains(p.MovieId)).Select(p => p.MovieId).ToList();
                history.Add(new ChatMessage(ChatRole.User, RenderRepair(bad, grounding.Movies)));
                toolStepLimit = Math.Max(toolStepLimit, toolSteps + 1); // room to present again
                _logger.LogInformation("Grounding: {Count} presented movie id(s) not in this turn's tool results ({Ids}); asking the model to repair",
                    bad.Count, string.Join(",", bad));
            }

            // the picks as they stand, before the answer streams: a caller checks the streamed text against them
            if (presenter.Latest is not null) yield return AgentStreamUpdate.Grounded(Ground(presenter, grounding).Kept);
        }

        var (recommendations, dropped) = Ground(presenter, grounding);
        if (dropped.Count > 0)
            _logger.LogWarning("Grounding: dropped {Count} ungrounded movie id(s) after repair: {Ids}", dropped.Count, string.Join(",", dropped));

        var result = new AgentTurnResult(said.ToString(), recommendations, dropped, records, usage, steps, repaired, clock.Elapsed, history.Skip(firstNew).ToList());
        _logger.LogInformation(
            "Agent turn: {Steps} steps, {ToolCalls} tool calls ({ToolErrors} errors), {Recommendations} recommendations, {Dropped} dropped, " +
            "{PromptTokens} prompt tokens, {CompletionTokens} completion tokens, {LatencyMs} ms",
            steps, records.Count, records.Count(r => r.IsError), recommendations.Count, dropped.Count,
            usage.InputTokens, usage.OutputTokens, (long)clock.Elapsed.TotalMilliseconds);
        yield return AgentStreamUpdate.Completed(result);
    }

    /// <summary>The latest presentation split into the movies a tool returned in this turn (in the order presented) and the other ids.</summary>
    private static (List<GroundedRecommendation> Kept, List<int> Dropped) Ground(RecommendationPresenter presenter, GroundingCollector grounding)
    {
        var kept = new List<GroundedRecommendation>();
        var dropped = new List<int>();
        var movies = grounding.Movies;
        foreach (var (movieId, reason) in presenter.Latest ?? [])
        {
            if (movies.TryGetValue(movieId, out var title)) kept.Add(new GroundedRecommendation(movieId, reason, title));
            else dropped.Add(movieId);
        }
        return (kept, dropped);
    }

    private string RenderRepair(IReadOnlyList<int> ungrounded, IReadOnlyDictionary<int, string?> allowed) => _repairPrompt.Render(
        ("ungrounded", string.Join("\n", ungrounded.Select(id => $"- {id}"))),
        ("allowed", allowed.Count == 0
            ? "(none: no tool returned a movie yet)"
            : string.Join("\n", allowed.OrderBy(m => m.Key).Select(m => $"- {m.Key}: {m.Value ?? "(no title)"}"))));

    private sealed record Invocation(FunctionResultContent Content, ToolCallRecord Record);

    /// <summary>Runs one call; every failure becomes an error result the model can read and act on.</summary>
    private async Task<Invocation> InvokeAsync(FunctionCallContent call, IReadOnlyDictionary<string, AIFunction> functions,
        GroundingCollector grounding, int step, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string argumentsJson;
        try { argumentsJson = LlmJson.SerializeArguments(call.Arguments); }
        catch (Exception ex) when (ex is JsonException or NotSupportedException) { argumentsJson = "{}"; }

        string resultJson;
        string? error = null;
        if (call.Exception is { } parseError)
            error = $"The arguments of '{call.Name}' are not valid JSON ({FirstLine(parseError.Message)}). Send a JSON object matching the tool's schema.";
        else if (!functions.TryGetValue(call.Name, out var function))
            error = $"Unknown tool '{call.Name}'. Available tools: {string.Join(", ", functions.Keys)}.";
        else
        {
            var arguments = ToJsonArguments(argumentsJson);
            error = ToolArgumentValidator.Validate(function.JsonSchema, arguments) is { } problem
                ? $"Invalid arguments for '{call.Name}': {problem}. Fix them and call again." : null;
            if (error is null)
            {
                try
                {
                    var value = await function.InvokeAsync(new AIFunctionArguments(call.Arguments ?? new Dictionary<string, object?>()), cancellationToken);
                    resultJson = LlmJson.ResultText(value);
                    if (call.Name != RecommendationPresenter.ToolName) grounding.Collect(resultJson);
                    return Finish(resultJson, isError: false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
                catch (Exception ex)
                {
                    var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
                    error = $"Tool '{call.Name}' failed: {FirstLine(inner.Message)}";
                    _logger.LogWarning(inner, "Tool {Tool} threw", call.Name);
                }
            }
        }
        resultJson = LlmJson.Error(error!);
        return Finish(resultJson, isError: true);

        Invocation Finish(string json, bool isError)
        {
            _logger.LogDebug("Step {Step}: tool {Tool} {Arguments} -> {Outcome} in {Ms} ms", step, call.Name, argumentsJson,
                isError ? json : $"{json.Length} chars", (long)clock.Elapsed.TotalMilliseconds);
            return new Invocation(new FunctionResultContent(call.CallId, json),
                new ToolCallRecord(step, call.CallId, call.Name, argumentsJson, json, isError, clock.Elapsed));
        }
    }

    private static Dictionary<string, JsonElement> ToJsonArguments(string argumentsJson)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private const string StepSeparator = "\n\n";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
