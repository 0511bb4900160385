using MovieRec.Core.Stores;

namespace MovieRec.Agent.Tools;

/// <summary>
/// What the tools of one chat turn know about who is asking: the session, its user, the feedback
/// recorded so far, and the movies already shown (so "more" means new ones).
/// </summary>
public sealed class TurnContext(ChatSession session, IReadOnlyList<Feedback> feedback)
{
    public ChatSession Session { get; } = session;
    public int? UserId => Session.UserId;
    public List<Feedback> Feedback { get; } = [.. feedback];
    public HashSet<int> ShownMovieIds { get; } = [];
    /// <summary>The movies the tools returned in this turn, by id, with their full scoring (the response carries them).</summary>
    public Dictionary<int, ToolMovie> Returned { get; } = [];

    public FeedbackSubject Subject => UserId is { } id ? FeedbackSubject.ForUser(id) : FeedbackSubject.ForSession(Session.Id);
}
