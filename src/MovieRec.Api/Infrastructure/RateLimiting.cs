using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MovieRec.Api.Infrastructure;

/// <summary>A fixed-window limit per API key (per client IP without a valid key), from Api:RateLimit. Rejections get 429 with Retry-After.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var api = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
                var settings = api.RateLimit;
                if (!settings.Enabled)
                    return RateLimitPartition.GetNoLimiter("unlimited");
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context, api), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var window = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue.RateLimit.WindowSeconds;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : window;
                context.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Retry after {Math.Max(1, retryAfter)} s." },
                });
            };
        });

    private static string PartitionKey(HttpContext context, ApiOptions api)
    {
        var key = context.Request.Headers[ApiKeyMiddleware.HeaderName].ToString();
        if (api.ApiKeys.Length > 0 && ApiKeyMiddleware.IsValid(key, api.ApiKeys))
            return "key:" + key;
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
