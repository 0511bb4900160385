using MovieRec.Core.Stores;
using System.Collections.Concurrent;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;
using MovieRec.Core.Errors;

namespace MovieRec.Api.Tests.Fakes;

/// <summary>An in-memory catalog of a dozen movies that records feedback, standing in for the engine.</summary>
public sealed class FakeMovieService : IMovieService
{
    public static readonly IReadOnlyList<(int Id, string Title, int Year, string[] Genres)> Catalog =
    [
        (1, "Toy Story", 1995, ["Animation", "Children", "Comedy"]),
        (2, "Heat", 1995, ["Action", "Crime", "Thriller"]),
        (3, "Alien", 1979, ["Horror", "Sci-Fi"]),
        (4, "Blade Runner", 1982, ["Sci-Fi", "Thriller"]),
        (5, "The Matrix", 1999, ["Action", "Sci-Fi", "Thriller"]),
        (6, "Arrival", 2016, ["Drama", "Sci-Fi"]),
        (7, "Gattaca", 1997, ["Drama", "Sci-Fi", "Thriller"]),
        (8, "Moon", 2009, ["Drama", "Sci-Fi"]),
        (9, "Amélie", 2001, ["Comedy", "Romance"]),
        (10, "Groundhog Day", 1993, ["Comedy", "Fantasy", "Romance"]),
        (11, "Se7en", 1995, ["Mystery", "Thriller"]),
        (12, "Spirited Away", 2001, ["Adventure", "Animation", "Fantasy"]),
    ];

    private static readonly HashSet<string> KnownGenres = new(Catalog.SelectMany(m => m.Genres), StringComparer.OrdinalIgnoreCase);

    public bool IsReady { get; set; } = true;
    public ConcurrentQueue<FeedbackRequest> Feedback { get; } = new();
    public MovieSearchQuery? LastQuery { get; private set; }
    public (int UserId, string? Query, int K)? LastUserRequest { get; private set; }
    /// <summary>When set, every call throws it (to test the 500 path).</summary>
    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<MovieRecommendation>> SearchAsync(MovieSearchQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        LastQuery = query;
        foreach (var genre in query.Genres.Concat(query.ExcludeGenres))
            if (!KnownGenres.Contains(genre))
                throw new UserInputException($"Unknown genre '{genre}'.", "Genres");
        var hits = Catalog
            .Where(m => query.Genres.All(g => m.Genres.Contains(g, StringComparer.OrdinalIgnoreCase)))
            .Where(m => !query.ExcludeGenres.Any(g => m.Genres.Contains(g, StringComparer.OrdinalIgnoreCase)))
            .Where(m => (query.YearFrom is null || m.Year >= query.YearFrom) && (query.YearTo is null || m.Year <= query.YearTo))
            .Where(m => query.Text is null || m.Title.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || m.Genres.Any(g => query.Text.Contains(g, StringComparison.OrdinalIgnoreCase)))
            .Take(query.K);
        return Task.FromResult<IReadOnlyList<MovieRecommendation>>([.. hits.Select(m => ToRecommendation(m.Id, "matches the search"))]);
    }

    public MovieDetails GetMovie(int movieId)
    {
        ThrowIfFailing();
        var m = Find(movieId);
        return new MovieDetails(m.Id, m.Title, m.Year, m.Genres, $"Overview of {m.Title}.", null, "Some Director",
            ["Actor One", "Actor Two"], ["keyword"], ["atmospheric"], 42, 4.1, 0.5);
    }

    public Task<IReadOnlyList<MovieRecommendation>> SimilarAsync(int movieId, int k, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var source = Find(movieId);
        var similar = Catalog.Where(m => m.Id != movieId && m.Genres.Intersect(source.Genres).Any())
            .OrderByDescending(m => m.Genres.Intersect(source.Genres).Count()).ThenBy(m => m.Id).Take(k);
        return Task.FromResult<IReadOnlyList<MovieRecommendation>>([.. similar.Select(m => ToRecommendation(m.Id, $"shares genres with {source.Title}"))]);
    }

    public Task<IReadOnlyList<MovieRecommendation>> RecommendForUserAsync(int userId, string? query, int k, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        if (userId > 100) throw new NotFoundException($"Unknown user {userId}.");
        LastUserRequest = (userId, query, k);
        var picks = Catalog.Where(m => (m.Id + userId) % 2 == 0).Take(k);
        return Task.FromResult<IReadOnlyList<MovieRecommendation>>([.. picks.Select(m => ToRecommendation(m.Id, $"liked by users like {userId}"))]);
    }

    public Task RecordFeedbackAsync(FeedbackRequest feedback, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Find(feedback.MovieId);
        Feedback.Enqueue(feedback);
        return Task.CompletedTask;
    }

    /// <summary>Movies disliked in a session (the fake chat service leaves them out of later answers).</summary>
    public HashSet<int> DislikedIn(string sessionId) =>
        [.. Feedback.Where(f => f.SessionId == sessionId && f.Signal == FeedbackSignal.Disliked).Select(f => f.MovieId)];

    public static MovieRecommendation ToRecommendation(int movieId, string reason)
    {
        var m = Find(movieId);
        return new MovieRecommendation(m.Id, m.Title, m.Year, m.Genres, 1.0 / m.Id, new ScoreComponents(0.5, 0.4, 0.3, 0.2), [reason, $"rated {4.0 + m.Id % 10 / 10.0:0.0} on average"]);
    }

    private static (int Id, string Title, int Year, string[] Genres) Find(int movieId) =>
        Catalog.FirstOrDefault(m => m.Id == movieId) is { Title: not null } movie
            ? movie
            : throw new NotFoundException($"Unknown movie {movieId}.");

    private void ThrowIfFailing()
    {
        if (Failure is not null) throw Failure;
    }
}
