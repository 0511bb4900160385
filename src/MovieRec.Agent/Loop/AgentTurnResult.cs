using Microsoft.Extensions.AI;

namespace MovieRec.Agent.Loop;

/// <summary>What one agent turn produced.</summary>
/// <param name="Text">The final answer (Markdown) as the model wrote it.</param>
/// <param name="Recommendations">The grounded recommendations, in the order presented.</param>
/// <param name="DroppedMovieIds">Ids the model presented that no tool returned in this turn (dropped after the repair round).</param>
/// <param name="ToolCalls">Every tool call made, in order, with its result JSON (present_recommendations included).</param>
/// <param name="Usage">Tokens summed over every model call of the turn.</param>
/// <param name="Steps">Model round trips (tool steps, the forced final answer and the repair included).</param>
/// <param name="Repaired">True when the repair message was sent.</param>
/// <param name="NewMessages">The messages this turn added to the history (assistant, tool, repair), for the session store.</param>
public sealed record AgentTurnResult(
    string Text,
    IReadOnlyList<GroundedRecommendation> Recommendations,
    IReadOnlyList<int> DroppedMovieIds,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    TokenUsage Usage,
    int Steps,
    bool Repaired,
    TimeSpan Elapsed,
    IReadOnlyList<ChatMessage> NewMessages);

/// <summary>A movie the model recommended that a tool returned in this turn, with the model's one-line reason.</summary>
public sealed record GroundedRecommendation(int MovieId, string Reason, string? Title);

/// <summary>One tool call: the arguments the model sent, the result JSON it got back, and whether that was an error.</summary>
public sealed record ToolCallRecord(int Step, string CallId, string Name, string ArgumentsJson, string ResultJson, bool IsError, TimeSpan Duration);

public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static TokenUsage From(UsageDetails? usage) =>
        usage is null ? new TokenUsage(0, 0) : new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) => new(a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens);
}

/// <summary>
/// One item of the streaming variant: a piece of answer text, the grounded recommendations so far (after a tool step,
/// so that text streamed later can be checked against them), or (last) the whole result.
/// </summary>
public sealed record AgentStreamUpdate(string? TextDelta, AgentTurnResult? Result, IReadOnlyList<GroundedRecommendation>? Recommendations = null)
{
    public static AgentStreamUpdate Text(string delta) => new(delta, null);
    public static AgentStreamUpdate Grounded(IReadOnlyList<GroundedRecommendation> recommendations) => new(null, null, recommendations);
    public static AgentStreamUpdate Completed(AgentTurnResult result) => new(null, result);
}

public sealed class ToolCallingLoopOptions
{
    /// <summary>Model round trips that may request tools; after that one more call without tools forces the answer.</summary>
    public int MaxToolSteps { get; set; } = 5;

    public float? Temperature { get; set; }

    public int? MaxOutputTokens { get; set; }
}
