namespace MovieRec.Core.Stores;

public enum MessageRole { User, Assistant, Tool }

/// <summary>One message of a chat. <see cref="PayloadJson"/> is optional JSON (e.g. the recommendations shown).</summary>
public sealed record SessionMessage(MessageRole Role, string Content, DateTimeOffset Timestamp, string? PayloadJson = null)
{
    public static SessionMessage User(string content, DateTimeOffset? at = null) => new(MessageRole.User, content, at ?? DateTimeOffset.UtcNow);
    public static SessionMessage Assistant(string content, string? payloadJson = null, DateTimeOffset? at = null) => new(MessageRole.Assistant, content, at ?? DateTimeOffset.UtcNow, payloadJson);
    public static SessionMessage Tool(string content, string? payloadJson = null, DateTimeOffset? at = null) => new(MessageRole.Tool, content, at ?? DateTimeOffset.UtcNow, payloadJson);
}

/// <summary>What the user said they like or dislike during a session (kept distinct; liking removes a dislike and vice versa).</summary>
public sealed class StatedPreferences
{
    public List<int> LikedMovieIds { get; init; } = [];
    public List<int> DislikedMovieIds { get; init; } = [];
    public List<string> LikedGenres { get; init; } = [];
    public List<string> DislikedGenres { get; init; } = [];
    public List<string> Notes { get; init; } = [];

    public void LikeMovie(int movieId) => Move(movieId, LikedMovieIds, DislikedMovieIds);
    public void DislikeMovie(int movieId) => Move(movieId, DislikedMovieIds, LikedMovieIds);
    public void LikeGenre(string genre) => MoveGenre(genre, LikedGenres, DislikedGenres);
    public void DislikeGenre(string genre) => MoveGenre(genre, DislikedGenres, LikedGenres);

    public void AddNote(string note)
    {
        if (!string.IsNullOrWhiteSpace(note)) Notes.Add(note.Trim());
    }

    private static void Move(int id, List<int> into, List<int> outOf)
    {
        outOf.Remove(id);
        if (!into.Contains(id)) into.Add(id);
    }

    private static void MoveGenre(string genre, List<string> into, List<string> outOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(genre);
        genre = genre.Trim();
        outOf.RemoveAll(g => string.Equals(g, genre, StringComparison.OrdinalIgnoreCase));
        if (!into.Exists(g => string.Equals(g, genre, StringComparison.OrdinalIgnoreCase))) into.Add(genre);
    }
}

/// <summary>A chat session: who (optional user id), what they stated, and the message history (append-only).</summary>
public sealed class ChatSession
{
    public const int MaxIdLength = 200;

    public required string Id { get; init; }
    public int? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public StatedPreferences Preferences { get; init; } = new();
    public List<SessionMessage> Messages { get; init; } = [];

    /// <summary>How many of <see cref="Messages"/> the store already holds (set by load and save); the rest are appended on save.</summary>
    public int PersistedMessageCount { get; internal set; }

    /// <summary>A new session with a random id.</summary>
    public static ChatSession Start(int? userId = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        return new ChatSession { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = at, UpdatedAt = at };
    }

    /// <summary>The newest messages that fit in <paramref name="maxTokens"/> (see <see cref="HistoryTrimmer"/>).</summary>
    public IReadOnlyList<SessionMessage> HistoryWithin(int maxTokens) => HistoryTrimmer.TrimToTokenBudget(Messages, maxTokens);

    internal static void ValidateId(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A session id must not be empty.");
        if (id.Length > MaxIdLength) throw new ArgumentException($"A session id must be at most {MaxIdLength} characters (got {id.Length}).");
    }
}

/// <summary>A session as listed (without its messages).</summary>
public sealed record SessionSummary(string Id, int? UserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount);
