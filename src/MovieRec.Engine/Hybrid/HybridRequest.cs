using MovieRec.Core.Domain;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// One request to the hybrid engine: who is asking, what they want, and the hard constraints.
/// Everything is optional; an empty request gets the popularity prior.
/// </summary>
public sealed record HybridRequest
{
    // who
    /// <summary>A user of the ratings data; unknown ids are treated as new users.</summary>
    public int? UserId { get; init; }
    /// <summary>Ratings stated in the session or recorded as feedback (movie id to value on the dataset's scale).</summary>
    public IReadOnlyDictionary<int, float> StatedRatings { get; init; } = new Dictionary<int, float>();
    public IReadOnlyCollection<int> LikedMovieIds { get; init; } = [];
    public IReadOnlyCollection<int> DislikedMovieIds { get; init; } = [];
    /// <summary>Demographics for a user known only by them (cold start through the cluster prior).</summary>
    public User? Demographics { get; init; }

    // what
    public string? Query { get; init; }
    /// <summary>"The best", "top rated": the popularity prior (how well and how widely a movie is rated) leads, with twice
    /// the weight of the personal and description parts together.</summary>
    public bool Acclaimed { get; init; }
    /// <summary>Movies the results should resemble ("like Heat").</summary>
    public IReadOnlyCollection<int> SeedMovieIds { get; init; } = [];

    // constraints
    /// <summary>Each result has at least one of these genres (all of them with <see cref="RequireAllGenres"/>).</summary>
    public IReadOnlyCollection<string> Genres { get; init; } = [];
    public bool RequireAllGenres { get; init; }
    public IReadOnlyCollection<string> ExcludeGenres { get; init; } = [];
    /// <summary>Genres that earn a movie a bonus (<see cref="HybridOptions.PreferredGenreBonus"/>) without filtering:
    /// what a mood suggests ("tense": Thriller) and genres the person said they like.</summary>
    public IReadOnlyCollection<string> PreferGenres { get; init; } = [];
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public int MinRatingCount { get; init; }
    public int? MaxRuntimeMinutes { get; init; }
    public bool KidFriendly { get; init; }
    /// <summary>Leave out what the user rated, watched or was already shown.</summary>
    public bool ExcludeSeen { get; init; } = true;
    public IReadOnlyCollection<int> ExcludeMovieIds { get; init; } = [];
    /// <summary>When not empty, results come only from these movies (a person's films: "movies with Tom Hanks").</summary>
    public IReadOnlyCollection<int> OnlyMovieIds { get; init; } = [];
    /// <summary>Allow two entries of the same franchise in the top 5 (asked for: "all the Star Wars movies").</summary>
    public bool AllowSameFranchise { get; init; }

    public int K { get; init; } = 10;
}

/// <summary>The hybrid engine's strategies; <see cref="TasteNeighbours"/> reproduces a system we replace, for comparison.</summary>
public enum HybridStrategy
{
    /// <summary>Weighted blend of collaborative, content, sentiment and popularity, with MMR diversity.</summary>
    Blend,
    /// <summary>Prompt to the top 500 movies by embedding; prompt against users' taste vectors to the top 50 users; scores from those users' ratings.</summary>
    TasteNeighbours,
}

/// <summary>One result with its normalized score parts (each in [0, 1]) and the facts that explain it.</summary>
public sealed record HybridRecommendation(Movie Movie, double Score, double Collaborative, double Content, double Sentiment, double Popularity, IReadOnlyList<string> Facts);

/// <summary>The results; when empty, <see cref="EmptyReason"/> says why (e.g. contradictory constraints).</summary>
public sealed record HybridResult(IReadOnlyList<HybridRecommendation> Items, string? EmptyReason = null);
