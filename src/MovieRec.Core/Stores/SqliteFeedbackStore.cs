using Microsoft.Data.Sqlite;

namespace MovieRec.Core.Stores;

/// <summary><see cref="IFeedbackStore"/> in the shared SQLite file.</summary>
public sealed class SqliteFeedbackStore(SqliteDatabase database) : IFeedbackStore
{
    private const string Columns = "id, subject_kind, subject_id, movie_id, signal, value, created_at";

    public Task<Feedback> AddAsync(Feedback feedback, CancellationToken cancellationToken = default)
    {
        feedback.Validate();
        return database.RunAsync("recording feedback", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO feedback (subject_kind, subject_id, movie_id, signal, value, created_at)
                VALUES ($kind, $subject, $movie, $signal, $value, $at) RETURNING id;
                """;
            AddSubject(command, feedback.Subject);
            command.Parameters.AddWithValue("$movie", feedback.MovieId);
            command.Parameters.AddWithValue("$signal", SignalName(feedback.Signal));
            command.Parameters.AddWithValue("$value", feedback.Value is { } v ? (double)v : DBNull.Value);
            command.Parameters.AddWithValue("$at", StoreTime.ToUnixMs(feedback.Timestamp));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return feedback with { Id = id, Timestamp = StoreTime.FromUnixMs(StoreTime.ToUnixMs(feedback.Timestamp)) };
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Feedback>> ListAsync(FeedbackSubject subject, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<Feedback>>("listing feedback", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM feedback WHERE subject_kind = $kind AND subject_id = $subject ORDER BY id;";
            AddSubject(command, subject);
            var list = new List<Feedback>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) list.Add(Read(reader));
            return list;
        }, cancellationToken);

    public Task<bool> RemoveAsync(FeedbackSubject subject, long feedbackId, CancellationToken cancellationToken = default) =>
        database.RunAsync("removing feedback", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM feedback WHERE id = $id AND subject_kind = $kind AND subject_id = $subject;";
            AddSubject(command, subject);
            command.Parameters.AddWithValue("$id", feedbackId);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    public Task<int> RemoveForMovieAsync(FeedbackSubject subject, int movieId, CancellationToken cancellationToken = default) =>
        database.RunAsync("removing feedback", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM feedback WHERE subject_kind = $kind AND subject_id = $subject AND movie_id = $movie;";
            AddSubject(command, subject);
            command.Parameters.AddWithValue("$movie", movieId);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<Feedback?> UndoLastAsync(FeedbackSubject subject, CancellationToken cancellationToken = default) =>
        database.RunAsync("undoing feedback", async connection =>
        {
            // One statement: concurrent undos each remove a different entry.
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                DELETE FROM feedback WHERE id = (
                    SELECT id FROM feedback WHERE subject_kind = $kind AND subject_id = $subject ORDER BY id DESC LIMIT 1)
                RETURNING {Columns};
                """;
            AddSubject(command, subject);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    private static void AddSubject(SqliteCommand command, FeedbackSubject subject)
    {
        if (string.IsNullOrWhiteSpace(subject.Id)) throw new ArgumentException("Feedback needs a subject (user id or session id).");
        command.Parameters.AddWithValue("$kind", subject.Kind == FeedbackSubjectKind.User ? "user" : "session");
        command.Parameters.AddWithValue("$subject", subject.Id);
    }

    private static Feedback Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Subject = new FeedbackSubject(r.GetString(1) == "user" ? FeedbackSubjectKind.User : FeedbackSubjectKind.Session, r.GetString(2)),
        MovieId = r.GetInt32(3),
        Signal = ParseSignal(r.GetString(4)),
        Value = r.IsDBNull(5) ? null : (float)r.GetDouble(5),
        Timestamp = StoreTime.FromUnixMs(r.GetInt64(6)),
    };

    private static string SignalName(FeedbackSignal signal) => signal switch
    {
        FeedbackSignal.Liked => "liked",
        FeedbackSignal.Disliked => "disliked",
        FeedbackSignal.Watched => "watched",
        FeedbackSignal.Rating => "rating",
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    private static FeedbackSignal ParseSignal(string name) => name switch
    {
        "liked" => FeedbackSignal.Liked,
        "disliked" => FeedbackSignal.Disliked,
        "watched" => FeedbackSignal.Watched,
        "rating" => FeedbackSignal.Rating,
        _ => throw new InvalidDataException($"Unknown feedback signal '{name}' in the database."),
    };
}
