using MovieRec.Agent.Chat;
using MovieRec.Core.Stores;

namespace MovieRec.Agent.Service;

public sealed record MovieSearchQuery
{
    public string? Text { get; init; }
    public IReadOnlyList<string> Genres { get; init; } = [];
    public IReadOnlyList<string> ExcludeGenres { get; init; } = [];
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public int K { get; init; } = 10;
}

/// <summary>Everything known of one movie, for GET /movies/{id} and the movie_details tool.</summary>
public sealed record MovieDetails(
    int MovieId, string Title, int? Year, IReadOnlyList<string> Genres,
    string? Overview, string? Tagline, string? Director, IReadOnlyList<string> Cast, IReadOnlyList<string> Keywords,
    IReadOnlyList<string> TopTags, int RatingCount, double? MeanRating, double? TagSentiment);

/// <summary>Feedback from a known user or a chat session. <see cref="Rating"/> is required for <see cref="FeedbackSignal.Rating"/>.</summary>
public sealed record FeedbackRequest(string? SessionId, int? UserId, int MovieId, FeedbackSignal Signal, float? Rating = null);

/// <summary>The non-chat operations of the engine, as the HTTP API and one-shot commands use them.</summary>
public interface IMovieService
{
    /// <summary>True once the catalog and models are loaded (GET /health).</summary>
    bool IsReady { get; }
    /// <summary>Why the engine could not be loaded (e.g. the dataset is missing), once that is known.</summary>
    string? FailureReason => null;
    Task<IReadOnlyList<MovieRecommendation>> SearchAsync(MovieSearchQuery query, CancellationToken cancellationToken = default);
    /// <exception cref="Core.Errors.NotFoundException">unknown movie</exception>
    MovieDetails GetMovie(int movieId);
    Task<IReadOnlyList<MovieRecommendation>> SimilarAsync(int movieId, int k, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<MovieRecommendation>> RecommendForUserAsync(int userId, string? query, int k, CancellationToken cancellationToken = default);
    Task RecordFeedbackAsync(FeedbackRequest feedback, CancellationToken cancellationToken = default);
}

/// <summary>A personalized email-style message, rendered three ways.</summary>
public sealed record ComposedEmail(int UserId, string Subject, string Markdown, string Html, string PlainText, byte[] Eml, string Responder);

public interface IEmailService
{
    Task<ComposedEmail> ComposeAsync(int userId, string? name, CancellationToken cancellationToken = default);
}
