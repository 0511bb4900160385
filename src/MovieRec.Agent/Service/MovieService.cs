using MovieRec.Agent.Chat;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Offline;
using MovieRec.Agent.Tools;
using MovieRec.Core.Errors;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Service;

/// <summary>The engine's non-chat operations for the HTTP API and the one-shot commands, through the same tools the agent uses.</summary>
public sealed class MovieService(EngineProvider engines, IFeedbackStore feedbackStore, ISessionStore sessions) : IMovieService
{
    public const int MaxK = 100;

    public bool IsReady => engines.IsReady;

    public string? FailureReason => engines.Failure?.Message;

    public async Task<IReadOnlyList<MovieRecommendation>> SearchAsync(MovieSearchQuery query, CancellationToken cancellationToken = default)
    {
        CheckK(query.K);
        if (query.YearFrom is { } from && query.YearTo is { } to && from > to)
            throw new UserInputException($"yearFrom ({from}) is after yearTo ({to}).", "yearFrom");
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        var request = new HybridRequest
        {
            Query = query.Text,
            Genres = Genres(query.Genres, "genres"),
            ExcludeGenres = Genres(query.ExcludeGenres, "excludeGenres"),
            YearFrom = query.YearFrom,
            YearTo = query.YearTo,
            K = query.K,
        };
        return await RunAsync(engine, Anonymous(), request, cancellationToken).ConfigureAwait(false);
    }

    public MovieDetails GetMovie(int movieId)
    {
        var engine = engines.GetAsync().GetAwaiter().GetResult();
        var movie = engine.Catalog.Get(movieId) ?? throw new NotFoundException($"No movie with id {movieId}.");
        var d = new MovieTools(engine, feedbackStore, new TurnContext(ChatSession.Start(), [])).Details(movie);
        return new MovieDetails(d.MovieId, d.Title, d.Year, d.Genres, d.Overview, d.Tagline, d.Director, d.Cast, d.Keywords, d.TopTags, d.RatingCount, d.MeanRating, d.TagSentiment);
    }

    public async Task<IReadOnlyList<MovieRecommendation>> SimilarAsync(int movieId, int k, CancellationToken cancellationToken = default)
    {
        CheckK(k);
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        if (engine.Catalog.Get(movieId) is null) throw new NotFoundException($"No movie with id {movieId}.");
        var request = new HybridRequest { SeedMovieIds = [movieId], K = k };
        return await RunAsync(engine, Anonymous(), request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MovieRecommendation>> RecommendForUserAsync(int userId, string? query, int k, CancellationToken cancellationToken = default)
    {
        CheckK(k);
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!engine.IsKnownUser(userId)) throw new NotFoundException($"No user with id {userId}.");
        var context = new TurnContext(ChatSession.Start(userId), await feedbackStore.ListAsync(FeedbackSubject.ForUser(userId), cancellationToken).ConfigureAwait(false));
        return await RunAsync(engine, context, new HybridRequest { UserId = userId, Query = query, K = k }, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordFeedbackAsync(FeedbackRequest feedback, CancellationToken cancellationToken = default)
    {
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        var movie = engine.Catalog.Get(feedback.MovieId) ?? throw new NotFoundException($"No movie with id {feedback.MovieId}.");
        ChatSession session;
        if (feedback.SessionId is { Length: > 0 } sessionId)
            session = await sessions.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false) ?? new ChatSession { Id = sessionId, UserId = feedback.UserId };
        else if (feedback.UserId is { } userId)
            session = ChatSession.Start(userId);
        else
            throw new UserInputException("Feedback needs a sessionId or a userId.", "sessionId");

        var tools = new MovieTools(engine, feedbackStore, new TurnContext(session, []));
        var result = await tools.RecordAsync(movie, feedback.Signal, feedback.Rating, cancellationToken).ConfigureAwait(false);
        if (!result.Recorded) throw new UserInputException(result.Message, feedback.Signal == FeedbackSignal.Rating ? "rating" : "signal");
        if (feedback.SessionId is { Length: > 0 }) await sessions.SaveAsync(session, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<MovieRecommendation>> RunAsync(MovieEngine engine, TurnContext context, HybridRequest request, CancellationToken cancellationToken)
    {
        var tools = new MovieTools(engine, feedbackStore, context);
        var result = await tools.RunAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Movies.Select(OfflineAssistant.ToContract).ToList();
    }

    private static TurnContext Anonymous() => new(ChatSession.Start(), []);

    private static IReadOnlyList<string> Genres(IReadOnlyList<string> genres, string field)
    {
        try { return MovieTools.NormalizeGenres([.. genres]); }
        catch (ArgumentException e) { throw new UserInputException(e.Message, field); }
    }

    private static void CheckK(int k)
    {
        if (k is < 1 or > MaxK) throw new UserInputException($"k must be between 1 and {MaxK}.", "k");
    }
}
