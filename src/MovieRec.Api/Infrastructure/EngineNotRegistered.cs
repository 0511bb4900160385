using MovieRec.Agent.Chat;
using MovieRec.Agent.Service;

namespace MovieRec.Api.Infrastructure;

/// <summary>The engine is not available (not registered in this host): the API answers 503.</summary>
public sealed class EngineUnavailableException(string message) : Exception(message);

/// <summary>
/// Registered only when the host supplied no engine (see MovieRecApi.Build's configureServices): the page and
/// /health still work (503), every engine call answers 503 instead of failing on a missing service.
/// </summary>
internal sealed class EngineNotRegistered : IChatService, IMovieService, IEmailService
{
    private const string Message = "The recommendation engine is not registered in this host (MovieRecApi.Build was called without services).";

    public bool IsReady => false;

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default) => throw Unavailable();
    public IAsyncEnumerable<ChatStreamEvent> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default) => throw Unavailable();
    public Task<IReadOnlyList<MovieRecommendation>> SearchAsync(MovieSearchQuery query, CancellationToken cancellationToken = default) => throw Unavailable();
    public MovieDetails GetMovie(int movieId) => throw Unavailable();
    public Task<IReadOnlyList<MovieRecommendation>> SimilarAsync(int movieId, int k, CancellationToken cancellationToken = default) => throw Unavailable();
    public Task<IReadOnlyList<MovieRecommendation>> RecommendForUserAsync(int userId, string? query, int k, CancellationToken cancellationToken = default) => throw Unavailable();
    public Task RecordFeedbackAsync(FeedbackRequest feedback, CancellationToken cancellationToken = default) => throw Unavailable();
    public Task<ComposedEmail> ComposeAsync(int userId, string? name, CancellationToken cancellationToken = default) => throw Unavailable();

    private static EngineUnavailableException Unavailable() => new(Message);
}
