using MovieRec.Agent.Tools;

namespace MovieRec.Agent.Offline;

/// <summary>
/// What the offline assistant remembers between turns (kept as the assistant message's payload in the
/// session): the last request, what it showed, and everything shown so far ("more" shows new ones).
/// </summary>
public sealed record OfflineTurnState
{
    public string? Query { get; init; }
    public IReadOnlyList<int> SeedMovieIds { get; init; } = [];
    /// <summary>The people asked for and the movies they are in (all of them in each, when that leaves any).</summary>
    public IReadOnlyList<string> People { get; init; } = [];
    public IReadOnlyList<int> PeopleMovieIds { get; init; } = [];
    public IReadOnlyList<string> Genres { get; init; } = [];
    public bool RequireAllGenres { get; init; }
    public IReadOnlyList<string> ExcludedGenres { get; init; } = [];
    public IReadOnlyList<string> PreferredGenres { get; init; } = [];
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public bool KidFriendly { get; init; }
    public int? MaxRuntimeMinutes { get; init; }
    public bool Acclaimed { get; init; }
    public IReadOnlyList<ToolMovie> Recommendations { get; init; } = [];
    public IReadOnlyList<int> ShownMovieIds { get; init; } = [];
}
