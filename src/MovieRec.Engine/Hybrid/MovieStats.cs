using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// Per-movie rating statistics: count, mean and a Bayesian average that pulls movies with few ratings
/// towards the global mean (a raw mean ranks one-rating movies first). Prior = <paramref name="priorCount"/> ratings at the global mean.
/// </summary>
public sealed class MovieStats
{
    private readonly Dictionary<int, (int Count, double Mean, double Bayesian)> _stats = [];
    private readonly double _minBayes, _maxBayes, _logMaxCount;
    private readonly double[] _popularityByItem; // by the rating matrix's inner index: the hybrid loop has it at hand

    public MovieStats(RatingMatrix ratings, double priorCount = 10)
    {
        var global = ratings.GlobalMean;
        _minBayes = double.MaxValue;
        _maxBayes = double.MinValue;
        var maxCount = 0;
        for (var item = 0; item < ratings.ItemCount; item++)
        {
            var values = ratings.ItemRatingsOf(item);
            double sum = 0;
            foreach (var v in values) sum += v;
            var bayes = (sum + priorCount * global) / (values.Length + priorCount);
            _stats[ratings.ItemIds[item]] = (values.Length, values.Length == 0 ? 0 : sum / values.Length, bayes);
            _minBayes = Math.Min(_minBayes, bayes);
            _maxBayes = Math.Max(_maxBayes, bayes);
            maxCount = Math.Max(maxCount, values.Length);
        }
        _logMaxCount = Math.Log(1 + maxCount);
        _popularityByItem = new double[ratings.ItemCount];
        for (var item = 0; item < ratings.ItemCount; item++) _popularityByItem[item] = Popularity(ratings.ItemIds[item]);
    }

    public int Count(int movieId) => _stats.TryGetValue(movieId, out var s) ? s.Count : 0;

    public double? Mean(int movieId) => _stats.TryGetValue(movieId, out var s) && s.Count > 0 ? s.Mean : null;

    /// <summary>
    /// The prior for someone we know nothing about, in [0, 1]: half how well a movie is rated (the Bayesian average scaled
    /// over the catalog), half how widely (its number of ratings on a log scale). The average alone puts a movie rated once
    /// at the global mean, level with well-known films; movies without ratings get 0.
    /// </summary>
    public double Popularity(int movieId)
    {
        if (!_stats.TryGetValue(movieId, out var s) || s.Count == 0) return 0;
        var quality = _maxBayes > _minBayes ? (s.Bayesian - _minBayes) / (_maxBayes - _minBayes) : 1;
        var reach = _logMaxCount > 0 ? Math.Log(1 + s.Count) / _logMaxCount : 1;
        return (quality + reach) / 2;
    }

    /// <summary><see cref="Popularity"/> of the rating matrix's item <paramref name="item"/> (inner index), without a lookup.</summary>
    public double ItemPopularity(int item) => _popularityByItem[item];
}
