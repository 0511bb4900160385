using Polly;
using Polly.Retry;

namespace MovieRec.Engine.Text.Embeddings;

/// <summary>The retry pipeline of the embedding providers: exponential backoff on transient failures only.</summary>
internal static class ProviderRetry
{
    public static ResiliencePipeline Build(EmbeddingProviderOptions options, Func<Exception, bool> isTransient)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        return builder.Build();
    }

    public static IEnumerable<List<string>> Batches(IEnumerable<string> values, int batchSize) =>
        values.Chunk(Math.Max(1, batchSize)).Select(c => c.ToList());
}
