using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;
using MovieRec.Api.Infrastructure;

namespace MovieRec.Api.Endpoints;

/// <summary>GET /movies/search, /movies/{id}, /movies/{id}/similar.</summary>
public static class MovieEndpoints
{
    public const int DefaultK = 10;
    public const int MaxK = 100;
    private const int MaxGenres = 20;

    public static RouteGroupBuilder MapMovieEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/movies").WithTags("Movies");

        group.MapGet("/search", SearchAsync)
            .WithName("SearchMovies")
            .WithSummary("Semantic search with filters. genres and excludeGenres are comma-separated names.");

        group.MapGet("/{id:int}", GetMovie)
            .WithName("GetMovie")
            .WithSummary("Everything known of one movie.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:int}/similar", SimilarAsync)
            .WithName("SimilarMovies")
            .WithSummary("Content and collaborative neighbours of one movie.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<MovieRecommendation>>, ValidationProblem>> SearchAsync(
        [FromServices] IMovieService movies, CancellationToken cancellationToken,
        string? q = null, string? genres = null, string? excludeGenres = null, int? yearFrom = null, int? yearTo = null, int? k = null)
    {
        var problems = new ValidationErrors();
        var included = ParseGenres(genres, "genres", problems);
        var excluded = ParseGenres(excludeGenres, "excludeGenres", problems);
        if (yearFrom is < 1870 or > 2100) problems.Add("yearFrom", "yearFrom must be a year between 1870 and 2100.");
        if (yearTo is < 1870 or > 2100) problems.Add("yearTo", "yearTo must be a year between 1870 and 2100.");
        if (yearFrom > yearTo) problems.Add("yearTo", "yearTo must not be before yearFrom.");
        if (q is { Length: > 500 }) problems.Add("q", "q must be at most 500 characters.");
        var count = problems.CheckK(k, MaxK) ?? DefaultK;
        if (problems.Any)
            return TypedResults.ValidationProblem(problems.ToDictionary());

        var query = new MovieSearchQuery
        {
            Text = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
            Genres = included,
            ExcludeGenres = excluded,
            YearFrom = yearFrom,
            YearTo = yearTo,
            K = count,
        };
        return TypedResults.Ok(await movies.SearchAsync(query, cancellationToken));
    }

    private static Ok<MovieDetails> GetMovie(int id, [FromServices] IMovieService movies) =>
        TypedResults.Ok(movies.GetMovie(id));

    private static async Task<Results<Ok<IReadOnlyList<MovieRecommendation>>, ValidationProblem>> SimilarAsync(
        int id, [FromServices] IMovieService movies, CancellationToken cancellationToken, int? k = null)
    {
        var problems = new ValidationErrors();
        var count = problems.CheckK(k, MaxK) ?? DefaultK;
        if (problems.Any)
            return TypedResults.ValidationProblem(problems.ToDictionary());
        return TypedResults.Ok(await movies.SimilarAsync(id, count, cancellationToken));
    }

    /// <summary>"Comedy, Sci-Fi" -> ["Comedy", "Sci-Fi"]. Whether a name is a known genre is the engine's call (it answers UserInputException with field "genres").</summary>
    private static List<string> ParseGenres(string? value, string field, ValidationErrors problems)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
            problems.Add(field, $"{field} must be comma-separated genre names without empty entries.");
        else if (names.Length > MaxGenres)
            problems.Add(field, $"{field} may name at most {MaxGenres} genres.");
        else if (names.FirstOrDefault(n => n.Length > 40 || !n.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'' or '(' or ')' or '&')) is { } bad)
            problems.Add(field, $"'{bad}' is not a genre name.");
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
