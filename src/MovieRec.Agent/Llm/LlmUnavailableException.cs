namespace MovieRec.Agent.Llm;

/// <summary>
/// The model could not answer: timeout, connection failure, 429/5xx after the retries, or an error status
/// (bad key, unknown model). Callers catch this one type to fall back to the offline assistant.
/// </summary>
public sealed class LlmUnavailableException : Exception
{
    public LlmUnavailableException(string message) : base(message) { }

    public LlmUnavailableException(string message, Exception? innerException) : base(message, innerException) { }

    public LlmUnavailableException(string message, int? statusCode, Exception? innerException) : base(message, innerException)
        => StatusCode = statusCode;

    public LlmUnavailableException() { }

    /// <summary>The last HTTP status, when the server answered.</summary>
    public int? StatusCode { get; }

    /// <summary>True when the request took longer than <see cref="LlmOptions.Timeout"/>.</summary>
    public bool IsTimeout { get; init; }
}
