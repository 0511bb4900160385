using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;
using MovieRec.Api.Infrastructure;
using MovieRec.Api.Models;

namespace MovieRec.Api.Endpoints;

/// <summary>GET /users/{id}/recommendations and POST /users/{id}/email.</summary>
public static class UserEndpoints
{
    public const int DefaultK = 10;
    public const int MaxK = 100;

    /// <summary>The formats of POST /users/{id}/email, chosen by the Accept header (first supported wins, JSON by default).</summary>
    private static readonly string[] EmailFormats = ["application/json", "text/html", "message/rfc822", "text/plain"];

    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/users").WithTags("Users");

        group.MapGet("/{id:int}/recommendations", RecommendAsync)
            .WithName("RecommendForUser")
            .WithSummary("Personalized recommendations for a known user, blended with an optional query.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:int}/email", EmailAsync)
            .WithName("ComposeEmail")
            .WithSummary("A personalized email-style message: JSON (default), HTML (Accept: text/html), .eml (Accept: message/rfc822) or text (Accept: text/plain).")
            .Produces<EmailMessage>(StatusCodes.Status200OK, "application/json")
            .Produces<string>(StatusCodes.Status200OK, "text/html", "text/plain", "message/rfc822")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status406NotAcceptable);

        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<MovieRecommendation>>, ValidationProblem>> RecommendAsync(
        int id, [FromServices] IMovieService movies, CancellationToken cancellationToken, string? q = null, int? k = null)
    {
        var problems = new ValidationErrors();
        var count = problems.CheckK(k, MaxK) ?? DefaultK;
        if (q is { Length: > 500 }) problems.Add("q", "q must be at most 500 characters.");
        if (problems.Any)
            return TypedResults.ValidationProblem(problems.ToDictionary());
        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        return TypedResults.Ok(await movies.RecommendForUserAsync(id, query, count, cancellationToken));
    }

    private static async Task<IResult> EmailAsync(
        int id, HttpRequest request, [FromServices] IEmailService email, CancellationToken cancellationToken, string? name = null)
    {
        if (name is { Length: > 100 })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name must be at most 100 characters."] });
        var format = ChooseFormat(request);
        if (format is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable,
                detail: $"Supported formats: {string.Join(", ", EmailFormats)}.");

        var message = await email.ComposeAsync(id, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), cancellationToken);
        return format switch
        {
            "text/html" => TypedResults.Content(message.Html, "text/html; charset=utf-8"),
            "text/plain" => TypedResults.Content(message.PlainText, "text/plain; charset=utf-8"),
            "message/rfc822" => TypedResults.File(message.Eml, "message/rfc822", $"movierec-user-{message.UserId}.eml"),
            _ => TypedResults.Ok(new EmailMessage(message.UserId, message.Subject, message.Markdown, message.Html, message.PlainText, message.Responder)),
        };
    }

    /// <summary>The best supported media type of the Accept header; JSON when absent or */*; null when nothing fits.</summary>
    private static string? ChooseFormat(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return "application/json";
        foreach (var range in accept.OrderByDescending(a => a.Quality ?? 1.0))
        {
            if (range.Quality == 0) continue;
            foreach (var format in EmailFormats)
                if (new MediaTypeHeaderValue(format).IsSubsetOf(range))
                    return format;
        }
        return null;
    }
}
