using System.Text.Json.Serialization;

namespace MovieRec.Core.Data;

/// <summary>
/// One row of a metadata source, normalized: the ids it can be joined on and the descriptive fields it has.
/// Imported sources are stored as JSON lines of these records under data/metadata/.
/// </summary>
public sealed record MetadataRecord
{
    public required string Source { get; init; }
    public int? TmdbId { get; init; }
    public string? ImdbId { get; init; }
    /// <summary>MovieLens movieId (ml-latest, ml-1m numbering).</summary>
    public int? MovieLensId { get; init; }
    /// <summary>ML-100K item id (its own numbering).</summary>
    public int? Ml100kId { get; init; }
    public string? Title { get; init; }
    public int? Year { get; init; }
    public string? Overview { get; init; }
    public string? Tagline { get; init; }
    public int? RuntimeMinutes { get; init; }
    public string? Language { get; init; }
    public DateOnly? ReleaseDate { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
    public string? Director { get; init; }
    public IReadOnlyList<string>? Cast { get; init; }
    public double? VoteAverage { get; init; }
    public int? VoteCount { get; init; }
}

/// <summary>The metadata sources, best first (<see cref="MetadataImporter"/> merges in this order).</summary>
public static class MetadataSources
{
    public const string TmdbApi = "tmdb-api";
    public const string Tmdb5000 = "tmdb-5000";
    public const string TmdbTop10K = "tmdb-top10k";
    public const string Atguigu = "atguigu";
    public const string Ml100kImdb = "ml100k-imdb";
    public const string TmdbKeywords = "tmdb-keywords";

    public static readonly IReadOnlyList<string> Precedence = [TmdbApi, Tmdb5000, TmdbTop10K, Atguigu, Ml100kImdb, TmdbKeywords];

    public static int Rank(string source)
    {
        for (var i = 0; i < Precedence.Count; i++) if (Precedence[i] == source) return i;
        return Precedence.Count;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetadataRecord))]
public sealed partial class MetadataJsonContext : JsonSerializerContext;
