using MovieRec.Core.Stores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Agent.Service;
using MovieRec.Api.Infrastructure;
using MovieRec.Api.Models;

namespace MovieRec.Api.Endpoints;

/// <summary>POST /feedback: liked / disliked / watched / a rating, from a user or a chat session.</summary>
public static class FeedbackEndpoints
{
    public static RouteGroupBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/feedback").WithTags("Feedback");

        group.MapPost("/", RecordAsync)
            .WithName("RecordFeedback")
            .WithSummary("Record feedback on a movie; it changes the next answers of the session or user.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    private static async Task<Results<Ok<FeedbackRecorded>, ValidationProblem>> RecordAsync(
        FeedbackBody body, [FromServices] IMovieService movies, CancellationToken cancellationToken)
    {
        var problems = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body.SessionId) && body.UserId is null)
            problems.Add("sessionId", "sessionId or userId is required.");
        if (body.UserId is <= 0)
            problems.Add("userId", "userId must be a positive integer.");
        if (body.MovieId is null)
            problems.Add("movieId", "movieId is required.");

        var signalName = Enum.GetNames<FeedbackSignal>().FirstOrDefault(n => n.Equals(body.Signal?.Trim(), StringComparison.OrdinalIgnoreCase));
        var signal = signalName is null ? default : Enum.Parse<FeedbackSignal>(signalName);
        if (string.IsNullOrWhiteSpace(body.Signal))
            problems.Add("signal", "signal is required: liked, disliked, watched or rating.");
        else if (signalName is null)
            problems.Add("signal", $"'{body.Signal}' is not a signal: use liked, disliked, watched or rating.");
        else if (signal == FeedbackSignal.Rating && body.Rating is null)
            problems.Add("rating", "rating is required when signal is 'rating'.");
        else if (signal == FeedbackSignal.Rating && body.Rating is < 0.5f or > 5f)
            problems.Add("rating", "rating must be between 0.5 and 5.");
        else if (signal != FeedbackSignal.Rating && body.Rating is not null)
            problems.Add("rating", "rating is only allowed when signal is 'rating'.");
        if (problems.Any)
            return TypedResults.ValidationProblem(problems.ToDictionary());

        var sessionId = string.IsNullOrWhiteSpace(body.SessionId) ? null : body.SessionId.Trim();
        await movies.RecordFeedbackAsync(new FeedbackRequest(sessionId, body.UserId, body.MovieId!.Value, signal, body.Rating), cancellationToken);
        return TypedResults.Ok(new FeedbackRecorded(body.MovieId.Value, signal.ToString().ToLowerInvariant(), body.Rating));
    }
}
