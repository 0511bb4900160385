using MovieRec.Core.Domain;

namespace MovieRec.Core.Stores;

public enum FeedbackSubjectKind { User, Session }

/// <summary>Who gave feedback: a known user (dataset user id) or an anonymous chat session.</summary>
public readonly record struct FeedbackSubject(FeedbackSubjectKind Kind, string Id)
{
    public static FeedbackSubject ForUser(int userId) => new(FeedbackSubjectKind.User, userId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static FeedbackSubject ForSession(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        return new(FeedbackSubjectKind.Session, sessionId);
    }

    /// <summary>The user id when <see cref="Kind"/> is User, else null.</summary>
    public int? UserId => Kind == FeedbackSubjectKind.User && int.TryParse(Id, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public override string ToString() => $"{(Kind == FeedbackSubjectKind.User ? "user" : "session")}:{Id}";
}

public enum FeedbackSignal { Liked, Disliked, Watched, Rating }

/// <summary>One piece of feedback on a movie. <see cref="Id"/> is 0 until the store assigns one.</summary>
public sealed record Feedback
{
    public long Id { get; init; }
    public required FeedbackSubject Subject { get; init; }
    public required int MovieId { get; init; }
    public required FeedbackSignal Signal { get; init; }
    /// <summary>The rating (0.5..5, the MovieLens scale) when <see cref="Signal"/> is Rating; null otherwise.</summary>
    public float? Value { get; init; }
    /// <summary>Stored with millisecond precision, returned in UTC.</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    public static Feedback Liked(FeedbackSubject subject, int movieId) => new() { Subject = subject, MovieId = movieId, Signal = FeedbackSignal.Liked };
    public static Feedback Disliked(FeedbackSubject subject, int movieId) => new() { Subject = subject, MovieId = movieId, Signal = FeedbackSignal.Disliked };
    public static Feedback Watched(FeedbackSubject subject, int movieId) => new() { Subject = subject, MovieId = movieId, Signal = FeedbackSignal.Watched };
    public static Feedback Rated(FeedbackSubject subject, int movieId, float value) => new() { Subject = subject, MovieId = movieId, Signal = FeedbackSignal.Rating, Value = value };

    /// <summary>Throws ArgumentException when the feedback is inconsistent (a rating without a value, a like with one...).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Subject.Id)) throw new ArgumentException("Feedback needs a subject (user id or session id).");
        if (!Enum.IsDefined(Signal)) throw new ArgumentException($"Unknown feedback signal {(int)Signal}.");
        if (Signal == FeedbackSignal.Rating)
        {
            if (Value is not { } v || !float.IsFinite(v) || !RatingScale.HalfStars.Contains(v))
                throw new ArgumentException($"A rating needs a value between 0.5 and 5 (got {Value?.ToString() ?? "none"}).");
        }
        else if (Value is not null)
            throw new ArgumentException($"Only a rating carries a value ({Signal} got {Value}).");
    }
}
