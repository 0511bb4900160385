using System.ClientModel.Primitives;
using Microsoft.Extensions.Logging;

namespace MovieRec.Agent.Llm;

/// <summary>
/// The OpenAI SDK's retry policy, bounded: retries 408/429/5xx and connection failures up to
/// <c>maxRetries</c> times, waits what Retry-After says (capped), and never retries a timeout
/// (a slow model should fall back quickly instead of multiplying the wait).
/// </summary>
internal sealed class LlmRetryPolicy(int maxRetries, TimeSpan maxDelay, ILogger logger) : ClientRetryPolicy(maxRetries)
{
    // The base class keeps the retry count and classifies 408/429/5xx and connection failures.
    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        !IsTimeout(exception) && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        !IsTimeout(exception) && await base.ShouldRetryAsync(message, exception);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        TimeSpan? retryAfter = null;
        if (message.Response is { } response)
        {
            response.Headers.TryGetValue("retry-after-ms", out var ms);
            response.Headers.TryGetValue("Retry-After", out var seconds);
            retryAfter = RetryDelays.ParseRetryAfter(ms, seconds);
        }
        var delay = RetryDelays.Compute(tryCount, retryAfter, maxDelay);
        logger.LogWarning("LLM request failed (status {Status}); retry {Try} in {DelayMs} ms",
            message.Response?.Status, tryCount, (int)delay.TotalMilliseconds);
        return delay;
    }

    private static bool IsTimeout(Exception? exception) => exception is OperationCanceledException or TimeoutException;
}
