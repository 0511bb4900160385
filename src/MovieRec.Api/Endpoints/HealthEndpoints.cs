using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Agent.Service;
using MovieRec.Api.Models;

namespace MovieRec.Api.Endpoints;

/// <summary>GET /health: 503 while the engine loads, 200 once it is ready. Open without API key and not rate limited.</summary>
public static class HealthEndpoints
{
    public static RouteHandlerBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", Health)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Readiness: 503 until the catalog and models are loaded.")
            .DisableRateLimiting();

    private static Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>> Health([FromServices] IMovieService movies) =>
        movies.IsReady
            ? TypedResults.Ok(new HealthStatus("ready"))
            : TypedResults.Json(movies.FailureReason is { } reason ? new HealthStatus("failed", reason) : new HealthStatus("starting"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
}
