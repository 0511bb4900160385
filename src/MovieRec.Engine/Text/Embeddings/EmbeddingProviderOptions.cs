namespace MovieRec.Engine.Text.Embeddings;

/// <summary>Batching and retry settings shared by the HTTP embedding providers.</summary>
public sealed class EmbeddingProviderOptions
{
    /// <summary>Texts per request.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Retries after a 429, a 5xx or a network failure (0: fail on the first).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubled at each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>An embedding provider failed for good (after retries, or with a non-retryable error).</summary>
public sealed class EmbeddingProviderException(string message, Exception? inner = null) : Exception(message, inner);
