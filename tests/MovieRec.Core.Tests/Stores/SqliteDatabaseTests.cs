using Microsoft.Data.Sqlite;
using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Stores;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string DbPath => _dir.File("movierec.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CreatesTheSchemaInWalModeWithItsVersion()
    {
        using (var db = new SqliteDatabase(DbPath))
            await db.InitializeAsync();

        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteDatabase.SchemaVersion, Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal(3L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('feedback', 'sessions', 'session_messages');"));
    }

    [Fact]
    public async Task AnEmptyFileIsInitialized()
    {
        File.WriteAllBytes(DbPath, []);
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteFeedbackStore(db);
        await store.AddAsync(Feedback.Liked(FeedbackSubject.ForUser(1), 1));
        Assert.Single(await store.ListAsync(FeedbackSubject.ForUser(1)));
    }

    public static TheoryData<string> NotDatabases => new() { "garbage", "text", "sqlite-header-then-garbage", "short" };

    [Theory]
    [MemberData(nameof(NotDatabases))]
    public async Task ACorruptFileIsReportedAndLeftByteForByteUnchanged(string kind)
    {
        var random = new Random(17);
        byte[] content = kind switch
        {
            "garbage" => RandomBytes(random, 8192),
            "text" => "movieId,title,genres\n1,Toy Story (1995),Animation\n"u8.ToArray(),
            "sqlite-header-then-garbage" => [.. "SQLite format 3\0"u8.ToArray(), .. RandomBytes(random, 4096)],
            _ => "SQL"u8.ToArray(),
        };
        File.WriteAllBytes(DbPath, content);

        using var db = new SqliteDatabase(DbPath);
        var e = await Assert.ThrowsAsync<StoreException>(() => new SqliteFeedbackStore(db).ListAsync(FeedbackSubject.ForUser(1)));
        Assert.Contains(DbPath, e.Message);
        Assert.Contains("left untouched", e.Message);
        Assert.Equal(DbPath, e.DatabasePath);
        // Asking again gives the same answer (nothing was "repaired" in between).
        await Assert.ThrowsAsync<StoreException>(() => new SqliteSessionStore(db).LoadAsync("s"));

        Assert.Equal(content, File.ReadAllBytes(DbPath));
        Assert.False(File.Exists(DbPath + "-wal") && new FileInfo(DbPath + "-wal").Length > 0);
    }

    [Fact]
    public async Task ANewerSchemaIsRefusedAndTheFileLeftUnchanged()
    {
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync();
            Scalar(connection, "CREATE TABLE future (x); PRAGMA user_version = 99;");
        }
        var before = File.ReadAllBytes(DbPath);

        using var db = new SqliteDatabase(DbPath);
        var e = await Assert.ThrowsAsync<StoreException>(() => db.InitializeAsync());
        Assert.Contains("schema version 99", e.Message);
        Assert.Contains(DbPath, e.Message);
        Assert.Contains("upgrade MovieRec", e.Message);
        Assert.Equal(before, File.ReadAllBytes(DbPath));
    }

    [Fact]
    public async Task AFolderAtThePathIsAClearError()
    {
        Directory.CreateDirectory(DbPath);
        using var db = new SqliteDatabase(DbPath);
        var e = await Assert.ThrowsAsync<StoreException>(() => db.InitializeAsync());
        Assert.Contains("is a folder", e.Message);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
