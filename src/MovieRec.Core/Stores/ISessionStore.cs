namespace MovieRec.Core.Stores;

/// <summary>Chat sessions: stated preferences and message history.</summary>
public interface ISessionStore
{
    /// <summary>The session with all its messages, or null when unknown.</summary>
    Task<ChatSession?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates the session (user id, updated time, preferences) and appends the messages the store does not
    /// hold yet (those after <see cref="ChatSession.PersistedMessageCount"/>). History is append-only: messages stored by
    /// someone else meanwhile are kept.
    /// </summary>
    Task SaveAsync(ChatSession session, CancellationToken cancellationToken = default);

    /// <summary>Appends messages to an existing session without loading it; false when the session does not exist.</summary>
    Task<bool> AppendAsync(string sessionId, IReadOnlyList<SessionMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>The most recently updated sessions first, optionally only those of one user.</summary>
    Task<IReadOnlyList<SessionSummary>> ListRecentAsync(int limit = 20, int? userId = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session, its messages and the feedback given as this session (not a user's); false when it did not exist.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default);
}
