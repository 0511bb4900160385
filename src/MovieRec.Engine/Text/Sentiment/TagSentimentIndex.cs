using MovieRec.Core.Domain;
using MovieRec.Engine.Text.Vader;

namespace MovieRec.Engine.Text.Sentiment;

/// <summary>
/// How users' tags speak of one movie. <see cref="Score"/> is the mean VADER compound of its tag applications,
/// shrunk towards neutral when there are few: mean * n / (n + k). The strongest positive and negative tags
/// (with their compound) are kept as evidence for explanations.
/// </summary>
public sealed record MovieSentiment(
    int MovieId,
    double Score,
    int TagCount,
    string? MostPositiveTag,
    double? MostPositiveCompound,
    string? MostNegativeTag,
    double? MostNegativeCompound);

/// <summary>Per-movie tag sentiment, built once from a dataset's tags.</summary>
public sealed class TagSentimentIndex
{
    /// <summary>k in n / (n + k): a movie needs about k tags before its mean counts half.</summary>
    public const double DefaultShrinkage = 3;

    private readonly Dictionary<int, MovieSentiment> _movies;

    private TagSentimentIndex(Dictionary<int, MovieSentiment> movies) => _movies = movies;

    public IReadOnlyDictionary<int, MovieSentiment> Movies => _movies;

    public int Count => _movies.Count;

    /// <summary>The movie's sentiment, or null when it has no tags.</summary>
    public MovieSentiment? Get(int movieId) => _movies.GetValueOrDefault(movieId);

    /// <summary>The shrunk score in [-1, 1]; 0 (neutral) for an untagged movie.</summary>
    public double ScoreOf(int movieId) => _movies.TryGetValue(movieId, out var s) ? s.Score : 0;

    /// <summary>
    /// Scores every tag text once with VADER, then aggregates per movie. The same (user, movie, text) counted
    /// once; blank tags are ignored. Ties between equally strong tags go to the alphabetically first text.
    /// </summary>
    public static TagSentimentIndex Build(IEnumerable<Tag> tags, VaderAnalyzer analyzer, double shrinkage = DefaultShrinkage)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentOutOfRangeException.ThrowIfNegative(shrinkage);

        var compoundByText = new Dictionary<string, double>(StringComparer.Ordinal);
        var seen = new HashSet<(int, int, string)>();
        var byMovie = new Dictionary<int, List<(string Text, double Compound)>>();
        foreach (var tag in tags)
        {
            var text = tag.Text?.Trim();
            if (string.IsNullOrEmpty(text)) continue;
            if (!seen.Add((tag.UserId, tag.MovieId, text.ToLowerInvariant()))) continue;
            if (!compoundByText.TryGetValue(text, out var compound))
                compoundByText[text] = compound = analyzer.PolarityScores(text).Compound;
            if (!byMovie.TryGetValue(tag.MovieId, out var list)) byMovie[tag.MovieId] = list = [];
            list.Add((text, compound));
        }

        var movies = new Dictionary<int, MovieSentiment>(byMovie.Count);
        foreach (var (movieId, list) in byMovie)
        {
            var n = list.Count;
            var mean = list.Average(t => t.Compound);
            var best = list.OrderByDescending(t => t.Compound).ThenBy(t => t.Text, StringComparer.Ordinal).First();
            var worst = list.OrderBy(t => t.Compound).ThenBy(t => t.Text, StringComparer.Ordinal).First();
            movies[movieId] = new MovieSentiment(
                movieId,
                mean * n / (n + shrinkage),
                n,
                best.Compound > 0 ? best.Text : null,
                best.Compound > 0 ? best.Compound : null,
                worst.Compound < 0 ? worst.Text : null,
                worst.Compound < 0 ? worst.Compound : null);
        }
        return new TagSentimentIndex(movies);
    }
}
