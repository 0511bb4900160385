using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;
using MovieRec.Core.Stores;

namespace MovieRec.Agent.Offline;

/// <summary>What a chat message asks for.</summary>
public enum ChatIntent
{
    /// <summary>A request for recommendations (the usual case).</summary>
    Recommend,
    /// <summary>"more", "something else": the same request, without what was shown.</summary>
    More,
    /// <summary>"more like the second one": the neighbours of an earlier pick.</summary>
    MoreLike,
    /// <summary>"why that?", "why the first one?": explain an earlier pick.</summary>
    Why,
    /// <summary>"not that, something lighter": the previous request, refined.</summary>
    Refine,
    Greeting,
    Help,
}

/// <summary>A period relative to the movies shown before ("newer ones").</summary>
public enum Era { None, Newer, Older }

/// <summary>The structured reading of one chat message; empty collections mean "not said".</summary>
public sealed record ParsedRequest
{
    public required string Text { get; init; }
    public ChatIntent Intent { get; init; } = ChatIntent.Recommend;
    /// <summary>1-based position of an earlier recommendation ("the second one"); -1 for "the last one".</summary>
    public int? Ordinal { get; init; }
    /// <summary>What the person says of that earlier pick: Liked "I loved the second one", Disliked "I didn't like the first
    /// one", Watched "I've seen the first one".</summary>
    public FeedbackSignal? PickVerdict { get; init; }
    /// <summary>Movies named as a reference point ("like Heat", "I loved Trainspotting").</summary>
    public IReadOnlyList<Movie> ReferencedMovies { get; init; } = [];
    /// <summary>Actors or directors named ("movies with Tom Hanks"): the results are their films.</summary>
    public IReadOnlyList<Person> People { get; init; } = [];
    /// <summary>Movies the user says they liked or disliked (stored as feedback).</summary>
    public IReadOnlyList<Movie> LikedMovies { get; init; } = [];
    public IReadOnlyList<Movie> DislikedMovies { get; init; } = [];
    /// <summary>Genres wanted: a recommendation should have at least one (all, for combinations like "romcom").</summary>
    public IReadOnlyList<string> Genres { get; init; } = [];
    public bool RequireAllGenres { get; init; }
    public IReadOnlyList<string> ExcludedGenres { get; init; } = [];
    /// <summary>Genres a mood suggests ("tense": Thriller): a bonus, not a filter.</summary>
    public IReadOnlyList<string> PreferredGenres { get; init; } = [];
    /// <summary>Genres the person says they like or dislike in general ("I love westerns", "I can't stand horror"): kept for the session.</summary>
    public IReadOnlyList<string> LikedGenres { get; init; } = [];
    public IReadOnlyList<string> DislikedGenres { get; init; } = [];
    /// <summary>Words for the semantic search (moods, themes, what is left of the message).</summary>
    public string? QueryText { get; init; }
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public bool KidFriendly { get; init; }
    public int? MaxRuntimeMinutes { get; init; }
    /// <summary>"The best", "top rated", "acclaimed": favour movies many people rated highly.</summary>
    public bool Acclaimed { get; init; }
    /// <summary>"Newer ones", "older ones": a period relative to the movies shown before.</summary>
    public Era Era { get; init; }

    /// <summary>True when the message gives nothing to act on (no title, genre, mood, period or topic).</summary>
    public bool IsVague =>
        Intent == ChatIntent.Recommend && ReferencedMovies.Count == 0 && People.Count == 0 && LikedMovies.Count == 0 && Genres.Count == 0 &&
        ExcludedGenres.Count == 0 && string.IsNullOrWhiteSpace(QueryText) && YearFrom is null && YearTo is null && !KidFriendly && !Acclaimed;
}
