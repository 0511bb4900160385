using System.Globalization;
using System.Net.Http.Headers;

namespace MovieRec.Agent.Llm;

/// <summary>How long to wait before retry number <c>attempt</c> (1-based): the server's Retry-After when given, else exponential backoff; never more than the cap.</summary>
public static class RetryDelays
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);

    public static TimeSpan Compute(int attempt, TimeSpan? retryAfter, TimeSpan maxDelay)
    {
        if (retryAfter is { } serverSays)
            return Clamp(serverSays, maxDelay);
        var exponential = BaseDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100));
        return Clamp(exponential + jitter, maxDelay);
    }

    /// <summary>Parses <c>retry-after-ms</c> (OpenAI, Azure) or <c>Retry-After</c> (seconds or an HTTP date).</summary>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMs, string? retryAfter, DateTimeOffset? now = null)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            return TimeSpan.FromMilliseconds(ms);
        if (string.IsNullOrWhiteSpace(retryAfter)) return null;
        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - (now ?? DateTimeOffset.UtcNow);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    public static TimeSpan? ParseRetryAfter(HttpResponseHeaders headers)
    {
        var ms = headers.TryGetValues("retry-after-ms", out var msValues) ? msValues.FirstOrDefault() : null;
        var retryAfter = headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
        return ParseRetryAfter(ms, retryAfter);
    }

    /// <summary>429, 408 and 5xx are worth retrying; other statuses will not change.</summary>
    public static bool IsTransient(int status) => status is 408 or 429 || status >= 500;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan max) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
}
