using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MovieRec.Api.Infrastructure;

/// <summary>
/// Checks the X-Api-Key header against Api:ApiKeys. With no keys configured every request passes;
/// the health check, the chat page and the OpenAPI document stay open (static files are served before this runs).
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<ApiOptions> options, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var keys = options.CurrentValue.ApiKeys;
        if (keys.Length == 0 || IsOpen(context.Request.Path) || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }

        var presented = context.Request.Headers[HeaderName].ToString();
        if (IsValid(presented, keys))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = 401,
                Title = "Unauthorized",
                Detail = presented.Length == 0 ? $"The {HeaderName} header is required." : $"The {HeaderName} header is not a valid key.",
            },
        });
    }

    /// <summary>True when <paramref name="presented"/> is one of the keys (constant-time comparison).</summary>
    public static bool IsValid(string presented, IReadOnlyList<string> keys)
    {
        if (presented.Length == 0) return false;
        var bytes = Encoding.UTF8.GetBytes(presented);
        var match = false;
        foreach (var key in keys)
            match |= CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key));
        return match;
    }

    private static bool IsOpen(PathString path) =>
        path == "/" || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi") || path == "/favicon.ico";
}
