namespace MovieRec.Core.Stores;

/// <summary>A store could not do its work: the message names the database and says what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException(string message, string? databasePath = null, Exception? inner = null) : base(message, inner)
        => DatabasePath = databasePath;

    /// <summary>The database file concerned, when there is one.</summary>
    public string? DatabasePath { get; }
}
