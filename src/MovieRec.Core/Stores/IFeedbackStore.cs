namespace MovieRec.Core.Stores;

/// <summary>Feedback users and sessions give on movies (likes, dislikes, watched, ratings).</summary>
public interface IFeedbackStore
{
    /// <summary>Stores the feedback and returns it with its assigned <see cref="Feedback.Id"/>.</summary>
    Task<Feedback> AddAsync(Feedback feedback, CancellationToken cancellationToken = default);

    /// <summary>All feedback of a subject, oldest first.</summary>
    Task<IReadOnlyList<Feedback>> ListAsync(FeedbackSubject subject, CancellationToken cancellationToken = default);

    /// <summary>Removes one entry of this subject; false when there is no such entry.</summary>
    Task<bool> RemoveAsync(FeedbackSubject subject, long feedbackId, CancellationToken cancellationToken = default);

    /// <summary>Removes all of this subject's feedback on one movie; returns how many entries went.</summary>
    Task<int> RemoveForMovieAsync(FeedbackSubject subject, int movieId, CancellationToken cancellationToken = default);

    /// <summary>Removes the subject's most recent entry and returns it (null when there is none).</summary>
    Task<Feedback?> UndoLastAsync(FeedbackSubject subject, CancellationToken cancellationToken = default);
}
