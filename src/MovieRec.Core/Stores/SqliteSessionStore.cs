using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MovieRec.Core.Stores;

/// <summary><see cref="ISessionStore"/> in the shared SQLite file. Updated times come from <paramref name="time"/>.</summary>
public sealed class SqliteSessionStore(SqliteDatabase database, TimeProvider? time = null) : ISessionStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<ChatSession?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ChatSession.ValidateId(sessionId);
        return database.RunAsync("loading a session", async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for both reads
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT user_id, created_at, updated_at, preferences FROM sessions WHERE id = $id;";
            command.Parameters.AddWithValue("$id", sessionId);
            ChatSession session;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken)) return null;
                session = new ChatSession
                {
                    Id = sessionId,
                    UserId = reader.IsDBNull(0) ? null : reader.GetInt32(0),
                    CreatedAt = StoreTime.FromUnixMs(reader.GetInt64(1)),
                    UpdatedAt = StoreTime.FromUnixMs(reader.GetInt64(2)),
                    Preferences = ReadPreferences(reader.GetString(3), sessionId),
                };
            }
            command.CommandText = "SELECT role, content, payload, created_at FROM session_messages WHERE session_id = $id ORDER BY seq;";
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    session.Messages.Add(new SessionMessage(ParseRole(reader.GetString(0)), reader.GetString(1),
                        StoreTime.FromUnixMs(reader.GetInt64(3)), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
            session.PersistedMessageCount = session.Messages.Count;
            return session;
        }, cancellationToken);
    }

    public async Task SaveAsync(ChatSession session, CancellationToken cancellationToken = default)
    {
        ChatSession.ValidateId(session.Id);
        if (session.Messages.Count < session.PersistedMessageCount)
            throw new InvalidOperationException(
                $"Session '{session.Id}' has {session.Messages.Count} messages but {session.PersistedMessageCount} are stored: history is append-only (delete the session instead).");
        var newMessages = session.Messages.Skip(session.PersistedMessageCount).ToList();
        ValidateMessages(newMessages);
        var now = _time.GetUtcNow();
        var preferences = JsonSerializer.Serialize(session.Preferences, StoreJsonContext.Default.StatedPreferences);

        await database.RunAsync("saving a session", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    INSERT INTO sessions (id, user_id, created_at, updated_at, preferences) VALUES ($id, $user, $created, $updated, $prefs)
                    ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, updated_at = excluded.updated_at, preferences = excluded.preferences;
                    """;
                command.Parameters.AddWithValue("$id", session.Id);
                command.Parameters.AddWithValue("$user", session.UserId is { } u ? u : DBNull.Value);
                command.Parameters.AddWithValue("$created", StoreTime.ToUnixMs(session.CreatedAt));
                command.Parameters.AddWithValue("$updated", StoreTime.ToUnixMs(now));
                command.Parameters.AddWithValue("$prefs", preferences);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await InsertMessagesAsync(connection, session.Id, newMessages, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

        session.UpdatedAt = StoreTime.FromUnixMs(StoreTime.ToUnixMs(now));
        session.PersistedMessageCount = session.Messages.Count;
    }

    public Task<bool> AppendAsync(string sessionId, IReadOnlyList<SessionMessage> messages, CancellationToken cancellationToken = default)
    {
        ChatSession.ValidateId(sessionId);
        ValidateMessages(messages);
        var now = StoreTime.ToUnixMs(_time.GetUtcNow());
        return database.RunAsync("appending to a session", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "UPDATE sessions SET updated_at = $now WHERE id = $id;";
                command.Parameters.AddWithValue("$id", sessionId);
                command.Parameters.AddWithValue("$now", now);
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
            }
            await InsertMessagesAsync(connection, sessionId, messages, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SessionSummary>> ListRecentAsync(int limit = 20, int? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return database.RunAsync<IReadOnlyList<SessionSummary>>("listing sessions", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT s.id, s.user_id, s.created_at, s.updated_at,
                       (SELECT COUNT(*) FROM session_messages m WHERE m.session_id = s.id)
                FROM sessions s {(userId is null ? "" : "WHERE s.user_id = $user")}
                ORDER BY s.updated_at DESC, s.id LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$limit", limit);
            if (userId is { } u) command.Parameters.AddWithValue("$user", u);
            var list = new List<SessionSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                list.Add(new SessionSummary(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    StoreTime.FromUnixMs(reader.GetInt64(2)), StoreTime.FromUnixMs(reader.GetInt64(3)), reader.GetInt32(4)));
            return list;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ChatSession.ValidateId(sessionId);
        return database.RunAsync("deleting a session", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$id", sessionId);
            command.CommandText = "DELETE FROM session_messages WHERE session_id = $id;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            // what was said about movies in this session goes with it (a user's own feedback is kept under the user)
            command.CommandText = "DELETE FROM feedback WHERE subject_kind = 'session' AND subject_id = $id;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "DELETE FROM sessions WHERE id = $id;";
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            await transaction.CommitAsync(cancellationToken);
            return deleted;
        }, cancellationToken);
    }

    /// <summary>Appends after the highest stored sequence number; the caller holds a write transaction.</summary>
    private static async Task InsertMessagesAsync(SqliteConnection connection, string sessionId, IReadOnlyList<SessionMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO session_messages (session_id, seq, role, content, payload, created_at)
            VALUES ($id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM session_messages WHERE session_id = $id), $role, $content, $payload, $at);
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        var role = command.Parameters.Add("$role", SqliteType.Text);
        var content = command.Parameters.Add("$content", SqliteType.Text);
        var payload = command.Parameters.Add("$payload", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        foreach (var message in messages)
        {
            role.Value = RoleName(message.Role);
            content.Value = message.Content;
            payload.Value = (object?)message.PayloadJson ?? DBNull.Value;
            at.Value = StoreTime.ToUnixMs(message.Timestamp);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void ValidateMessages(IReadOnlyList<SessionMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m is null) throw new ArgumentException($"Message {i} is null.");
            if (!Enum.IsDefined(m.Role)) throw new ArgumentException($"Message {i} has an unknown role {(int)m.Role}.");
            if (m.Content is null) throw new ArgumentException($"Message {i} has no content.");
            if (m.PayloadJson is null) continue;
            try { using var _ = JsonDocument.Parse(m.PayloadJson); }
            catch (JsonException e) { throw new ArgumentException($"Message {i} has a payload that is not valid JSON: {e.Message}", e); }
        }
    }

    private static StatedPreferences ReadPreferences(string json, string sessionId)
    {
        try { return JsonSerializer.Deserialize(json, StoreJsonContext.Default.StatedPreferences) ?? new StatedPreferences(); }
        catch (JsonException e) { throw new StoreException($"Session '{sessionId}' has unreadable preferences: {e.Message}", null, e); }
    }

    private static string RoleName(MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        MessageRole.Tool => "tool",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static MessageRole ParseRole(string name) => name switch
    {
        "user" => MessageRole.User,
        "assistant" => MessageRole.Assistant,
        "tool" => MessageRole.Tool,
        _ => throw new InvalidDataException($"Unknown message role '{name}' in the database."),
    };
}
