namespace MovieRec.Core.Stores;

/// <summary>Where the SQLite stores keep their data (configuration section "Stores").</summary>
public sealed class SqliteStoreOptions
{
    public const string DefaultPath = "data/movierec.db";

    /// <summary>The database file; relative paths are resolved against the current directory.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>How long a write waits for another writer before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
