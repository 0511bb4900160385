namespace MovieRec.Agent.Chat;

/// <summary>One earlier message of a conversation, as an API client sends it (role: user | assistant).</summary>
public sealed record ChatTurn(string Role, string Content);

/// <summary>One chat turn from a surface. With <see cref="Messages"/> the call is stateless and the history comes from the request.</summary>
public sealed record ChatRequest
{
    public string? SessionId { get; init; }
    public int? UserId { get; init; }
    public required string Message { get; init; }
    public IReadOnlyList<ChatTurn>? Messages { get; init; }
    /// <summary>Number of recommendations wanted (1 to 20); null: the configured Chat:DefaultK.</summary>
    public int? K { get; init; }
}

/// <summary>The normalized parts of a recommendation's score, each in [0, 1].</summary>
public sealed record ScoreComponents(double Collaborative, double Content, double Sentiment, double Popularity);

/// <summary>A recommended movie with its score and the facts that explain it.</summary>
public sealed record MovieRecommendation(
    int MovieId, string Title, int? Year, IReadOnlyList<string> Genres,
    double Score, ScoreComponents Components, IReadOnlyList<string> Reasons);

/// <summary>The answer to a chat turn. <see cref="Responder"/> names who answered ("llm:openai/gpt-4o", "offline", "offline (llm unavailable: ...)").</summary>
public sealed record ChatResponse(string SessionId, string Reply, IReadOnlyList<MovieRecommendation> Recommendations, string Responder);

/// <summary>What a streamed chat turn yields: text deltas, then the complete response.</summary>
public abstract record ChatStreamEvent
{
    public sealed record Delta(string Text) : ChatStreamEvent;
    public sealed record Completed(ChatResponse Response) : ChatStreamEvent;
}

/// <summary>The entry point of every surface (terminal, HTTP, email) for conversation.</summary>
public interface IChatService
{
    Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default);
    IAsyncEnumerable<ChatStreamEvent> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default);
}
