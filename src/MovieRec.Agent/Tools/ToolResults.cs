namespace MovieRec.Agent.Tools;

// The tools' results: small records serialized to compact camelCase JSON for the model.
// Every movie carries "movieId" and "title": that is what grounds a recommendation (see GroundingCollector).

/// <summary>One movie in a tool result.</summary>
public sealed record ToolMovie(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres, double Score,
    double Collaborative, double Content, double Sentiment, double Popularity, IReadOnlyList<string> Why);

/// <summary>A list of movies; <see cref="Note"/> says why it is empty or what was assumed.</summary>
public sealed record ToolMovieList(IReadOnlyList<ToolMovie> Movies, string? Note = null, IReadOnlyList<string>? Suggestions = null);

public sealed record ToolMovieDetails(int MovieId, string Title, int? Year, IReadOnlyList<string> Genres, string? Overview, string? Tagline,
    string? Director, IReadOnlyList<string> Cast, IReadOnlyList<string> Keywords, IReadOnlyList<string> TopTags,
    int RatingCount, double? MeanRating, double? TagSentiment);

public sealed record ToolRatedMovie(int MovieId, string Title, int? Year, float Rating);

public sealed record ToolUserProfile(int UserId, bool Known, IReadOnlyList<string> FavouriteGenres, IReadOnlyList<ToolRatedMovie> TopRated,
    int RatingCount, int? Age, string? Gender, string? Occupation);

public sealed record ToolFeedbackResult(bool Recorded, int? MovieId, string? Title, string Signal, string Message);
public sealed record ToolGenrePreferenceResult(bool Recorded, string Genre, string Signal, string Message);

/// <summary>An error the model can read and act on (unknown title with suggestions, bad argument).</summary>
public sealed record ToolError(string Error, IReadOnlyList<string>? Suggestions = null);

[System.Text.Json.Serialization.JsonSerializable(typeof(ToolMovieList))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ToolMovieDetails))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ToolUserProfile))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ToolFeedbackResult))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ToolGenrePreferenceResult))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ToolError))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Offline.OfflineTurnState))]
internal sealed partial class ToolJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
