namespace MovieRec.Core.Data;

/// <summary>A dataset file is malformed beyond what the loader tolerates (too many bad rows, missing file, unreadable header).</summary>
public class DatasetFormatException : Exception
{
    public DatasetFormatException(string message) : base(message) { }
    public DatasetFormatException(string message, Exception inner) : base(message, inner) { }
    public DatasetFormatException() { }

    /// <summary>The report of bad rows collected before the failure, when there is one.</summary>
    public LoadReport? Report { get; init; }
}

/// <summary>The dataset folder does not exist or holds none of the known layouts.</summary>
public class DatasetNotFoundException : Exception
{
    public DatasetNotFoundException(string message) : base(message) { }
    public DatasetNotFoundException(string message, Exception inner) : base(message, inner) { }
    public DatasetNotFoundException() { }

    public string? Directory { get; init; }
}
