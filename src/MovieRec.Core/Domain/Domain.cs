using MovieRec.Core.Data;

namespace MovieRec.Core.Domain;

/// <summary>A movie of the catalog. <see cref="Id"/> is the dataset's own movie id (MovieLens movieId or ML-100K item id).</summary>
public sealed record Movie(int Id, string Title, int? Year, IReadOnlyList<string> Genres)
{
    public string? ImdbId { get; init; }   // "tt0113277"
    public int? TmdbId { get; init; }
    public MovieMetadata? Metadata { get; set; }

    /// <summary>"Heat (1995)".</summary>
    public string DisplayTitle => Year is { } y ? $"{Title} ({y})" : Title;
}

/// <summary>Descriptive metadata merged from TMDB files, third-party overviews or the TMDB API.</summary>
public sealed record MovieMetadata
{
    public string? Overview { get; init; }
    public string? OverviewSource { get; init; }
    public string? Tagline { get; init; }
    public int? RuntimeMinutes { get; init; }
    public string? Language { get; init; }
    public DateOnly? ReleaseDate { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string? Director { get; init; }
    public IReadOnlyList<string> Cast { get; init; } = [];
    public double? VoteAverage { get; init; }
    public int? VoteCount { get; init; }
}

/// <summary>One explicit rating. Value is on the dataset's scale (0.5..5 or 1..5).</summary>
public readonly record struct Rating(int UserId, int MovieId, float Value, long Timestamp);

/// <summary>A free-text tag a user applied to a movie.</summary>
public sealed record Tag(int UserId, int MovieId, string Text, long Timestamp);

public enum Gender { Unknown, Female, Male }

/// <summary>A user; demographics are known for ML-100K and ML-1M only. Age is the exact age (100K) or the bracket's lower bound (1M).</summary>
public sealed record User(int Id, int? Age = null, Gender Gender = Gender.Unknown, string? Occupation = null, string? ZipCode = null)
{
    public bool HasDemographics => Age is not null || Gender != Gender.Unknown || Occupation is not null;
}

/// <summary>The rating scale of a dataset.</summary>
public readonly record struct RatingScale(float Min, float Max, float Step)
{
    public static RatingScale HalfStars => new(0.5f, 5f, 0.5f);
    public static RatingScale WholeStars => new(1f, 5f, 1f);
    public float Clip(float value) => Math.Clamp(value, Min, Max);
    public bool Contains(float value) => value >= Min && value <= Max;
}

/// <summary>A loaded dataset: the catalog, its users, ratings and tags.</summary>
public sealed class MovieDataset
{
    public required string Name { get; init; }
    public required IReadOnlyList<Movie> Movies { get; init; }
    public required IReadOnlyList<Rating> Ratings { get; init; }
    public IReadOnlyList<Tag> Tags { get; init; } = [];
    public required IReadOnlyList<User> Users { get; init; }
    public RatingScale Scale { get; init; } = RatingScale.HalfStars;

    /// <summary>The on-disk format it was read from.</summary>
    public DatasetFormat Format { get; init; }

    /// <summary>Rows read and skipped per file (file, line, reason of each bad row).</summary>
    public LoadReport Report { get; init; } = LoadReport.Empty;
}
