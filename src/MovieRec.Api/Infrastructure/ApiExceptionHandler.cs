using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Core.Errors;

namespace MovieRec.Api.Infrastructure;

/// <summary>
/// Turns exceptions into ProblemDetails: UserInputException -> 400 naming its field, NotFoundException -> 404,
/// a bad request the framework rejected (malformed JSON, wrong type) -> its status, anything else -> 500 without details.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem.Status == StatusCodes.Status500InternalServerError)
            LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The ProblemDetails an exception is answered with (also used for errors inside an event stream).</summary>
    public static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        NotFoundException notFound => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found",
            Detail = notFound.Message,
        },
        UserInputException { Field: { } field } input => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [CamelCase(field)] = [input.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = input.Message,
        },
        UserInputException input => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Bad request",
            Detail = input.Message,
        },
        // A plain JsonException is a value of the wrong type; syntax errors come as a derived reader exception.
        BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } path } json } when json.GetType() == typeof(JsonException) =>
            new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path[2..]] = [$"{path[2..]} has a value of the wrong JSON type."] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The request body is not valid JSON for this endpoint.",
        },
        BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = $"The request body is not valid JSON: {FirstLine(json.Message)}",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = bad.Message,
        },
        EngineUnavailableException unavailable => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable",
            Detail = unavailable.Message,
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred",
            Detail = "The error was logged on the server.",
        },
    };

    private static string CamelCase(string field) =>
        field.Length > 0 && char.IsUpper(field[0]) ? char.ToLowerInvariant(field[0]) + field[1..] : field;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
