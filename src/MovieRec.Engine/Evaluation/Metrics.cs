namespace MovieRec.Engine.Evaluation;

/// <summary>Metric names exactly as EVALUATION.md writes them.</summary>
public static class MetricNames
{
    public const string Rmse = "RMSE", Mae = "MAE";
    public static string At(string name, int k) => $"{name}@{k}";
}

/// <summary>Accumulates RMSE and MAE over (prediction, truth) pairs.</summary>
public sealed class RatingErrors
{
    private double _sq, _abs;
    private long _n;
    public void Add(double predicted, double actual)
    {
        var e = predicted - actual;
        _sq += e * e; _abs += Math.Abs(e); _n++;
    }
    public long Count => _n;
    public double Rmse => _n == 0 ? double.NaN : Math.Sqrt(_sq / _n);
    public double Mae => _n == 0 ? double.NaN : _abs / _n;
}

/// <summary>
/// Top-K metrics averaged over users that have at least one relevant test movie (others are counted as skipped).
/// Precision = hits / K; Recall = hits / |relevant|; NDCG with binary gains and the ideal DCG over min(K, |relevant|);
/// MAP = sum over hit ranks of precision at that rank / min(K, |relevant|); MRR = 1 / rank of the first hit;
/// HitRate = share of users with a hit; F1 = 2 P R / (P + R) of the averaged P and R.
/// Coverage = distinct recommended movies / catalog size; Novelty = mean -log2(share of training users who rated the movie).
/// </summary>
public sealed class RankingAccumulator(int k, int catalogSize, Func<int, double> popularityShare)
{
    private double _p, _r, _ndcg, _map, _mrr, _hit, _novelty;
    private long _noveltyCount;
    private readonly HashSet<int> _recommended = [];
    public int Users { get; private set; }
    public int Skipped { get; private set; }
    public int K => k;

    public void Add(IReadOnlyList<int> recommended, IReadOnlySet<int> relevant)
    {
        if (relevant.Count == 0) { Skipped++; return; }
        Users++;
        int hits = 0, firstHit = 0;
        double dcg = 0, ap = 0;
        var n = Math.Min(k, recommended.Count);
        for (var pos = 0; pos < n; pos++)
        {
            var m = recommended[pos];
            _recommended.Add(m);
            var share = popularityShare(m);
            if (share > 0) { _novelty += -Math.Log2(share); _noveltyCount++; }
            if (!relevant.Contains(m)) continue;
            hits++;
            if (firstHit == 0) firstHit = pos + 1;
            dcg += 1 / Math.Log2(pos + 2);
            ap += (double)hits / (pos + 1);
        }
        double idcg = 0;
        var ideal = Math.Min(k, relevant.Count);
        for (var pos = 0; pos < ideal; pos++) idcg += 1 / Math.Log2(pos + 2);
        _p += (double)hits / k;
        _r += (double)hits / relevant.Count;
        _ndcg += dcg / idcg;
        _map += ap / ideal;
        _mrr += firstHit > 0 ? 1.0 / firstHit : 0;
        _hit += hits > 0 ? 1 : 0;
    }

    public Dictionary<string, double> Results()
    {
        double n = Math.Max(1, Users);
        double p = _p / n, r = _r / n;
        return new Dictionary<string, double>
        {
            [MetricNames.At("Precision", k)] = p,
            [MetricNames.At("Recall", k)] = r,
            [MetricNames.At("F1", k)] = p + r > 0 ? 2 * p * r / (p + r) : 0,
            [MetricNames.At("NDCG", k)] = _ndcg / n,
            [MetricNames.At("MAP", k)] = _map / n,
            [MetricNames.At("MRR", k)] = _mrr / n,
            [MetricNames.At("HitRate", k)] = _hit / n,
            [MetricNames.At("Coverage", k)] = catalogSize == 0 ? 0 : (double)_recommended.Count / catalogSize,
            [MetricNames.At("Novelty", k)] = _noveltyCount == 0 ? 0 : _novelty / _noveltyCount,
        };
    }
}
