using System.Diagnostics;

namespace MovieRec.Api.Infrastructure;

/// <summary>One structured log line per request: method, path, status, elapsed milliseconds.</summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "");
        try
        {
            await next(context);
        }
        finally
        {
            // The path only: query strings may carry what users typed.
            LogRequest(logger, method, path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
