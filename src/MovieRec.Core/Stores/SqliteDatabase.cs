using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MovieRec.Core.Stores;

/// <summary>
/// The SQLite file shared by the stores: WAL mode, a busy timeout, the schema created and migrated on first use.
/// Thread-safe: every operation takes its own (pooled) connection, so one instance serves a whole ASP.NET Core app.
/// A file that is not a SQLite database, or whose schema is newer than this build, is reported and never modified.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        Path = System.IO.Path.GetFullPath(options.Path);
        _busyTimeoutMs = (int)Math.Clamp(options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    public SqliteDatabase(string path) : this(new SqliteStoreOptions { Path = path }) { }

    public SqliteDatabase(IOptions<SqliteStoreOptions> options) : this(options.Value) { }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this build writes (PRAGMA user_version).</summary>
    public static int SchemaVersion => SqliteSchema.Version;

    /// <summary>Creates or migrates the schema now (otherwise done on first use). Throws <see cref="StoreException"/>.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            CheckFileIsSqlite();
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var connection = await OpenRawAsync(cancellationToken);
            await MigrateAsync(connection, cancellationToken);
            _initialized = true;
        }
        catch (SqliteException e)
        {
            throw Translate(e, "opening the database");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Cannot open the database file '{Path}': {e.Message}", Path, e);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Runs one operation on its own connection; SQLite errors become <see cref="StoreException"/>s naming the file.</summary>
    internal async Task<T> RunAsync<T>(string operation, Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        try
        {
            await using var connection = await OpenRawAsync(cancellationToken);
            return await work(connection);
        }
        catch (SqliteException e)
        {
            throw Translate(e, operation);
        }
    }

    public void Dispose()
    {
        // Release the pooled handles on this file (lets tests delete it, and closes the WAL cleanly).
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        _initLock.Dispose();
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // synchronous=NORMAL is the usual pairing with WAL: commits no longer wait for an fsync each; a power cut may lose
            // the last commits but never corrupts the file.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = NORMAL;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Refuses a non-empty file without the SQLite header before SQLite touches it.</summary>
    private void CheckFileIsSqlite()
    {
        if (Directory.Exists(Path)) throw new StoreException($"The database path '{Path}' is a folder, not a file.", Path);
        if (!File.Exists(Path)) return;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0) return; // SQLite treats an empty file as an empty database
        var header = new byte[SqliteHeader.Length];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
            throw new StoreException(
                $"The database file '{Path}' is not a SQLite database (wrong header). It was left untouched: " +
                "move it aside or restore it from a backup, or configure another database path.", Path);
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // Read first: on a damaged file this fails before anything is written.
        var version = await ReadUserVersionAsync(connection, cancellationToken);
        CheckNotNewer(version);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
        if (version == SqliteSchema.Version) return;

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
        version = await ReadUserVersionAsync(connection, cancellationToken); // another process may have migrated meanwhile
        CheckNotNewer(version);
        for (var v = version; v < SqliteSchema.Version; v++)
            await ExecuteAsync(connection, SqliteSchema.Migrations[v], cancellationToken);
        await ExecuteAsync(connection, $"PRAGMA user_version = {SqliteSchema.Version};", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void CheckNotNewer(long version)
    {
        if (version > SqliteSchema.Version)
            throw new StoreException(
                $"The database file '{Path}' has schema version {version}, newer than this build of MovieRec understands " +
                $"({SqliteSchema.Version}). It was left untouched: upgrade MovieRec or configure another database path.", Path);
    }

    private static async Task<long> ReadUserVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private StoreException Translate(SqliteException e, string operation)
    {
        const int SqliteCorrupt = 11, SqliteNotADatabase = 26;
        if (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            return new StoreException(
                $"The database file '{Path}' is corrupt or not a SQLite database ({e.Message.TrimEnd('.')}, while {operation}). " +
                "It was left untouched: move it aside or restore it from a backup, or configure another database path.", Path, e);
        return new StoreException($"Database '{Path}': {operation} failed: {e.Message}", Path, e);
    }
}
