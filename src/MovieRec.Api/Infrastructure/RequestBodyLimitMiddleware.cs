using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MovieRec.Api.Infrastructure;

/// <summary>
/// Rejects bodies larger than Api:MaxRequestBodyBytes with 413 ProblemDetails. A declared Content-Length is
/// checked up front; a chunked body is cut by the server's own limit (IHttpMaxRequestBodySizeFeature).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 413, Title = "Request body too large", Detail = $"The request body must be at most {limit} bytes." },
            });
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit;
        await next(context);
    }
}
