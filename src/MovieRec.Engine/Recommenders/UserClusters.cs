using System.Numerics.Tensors;
using MovieRec.Core.Domain;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// k-means user clustering with cluster recommendations (spherical k-means on mean-centred rating vectors).
/// x_u = (r_ui - mean_u)_i / |.|, centroids m_c = normalize(sum_{u in c} x_u); assignment by the largest x_u · m_c;
/// k-means++ initialisation from the seed. A cluster recommends by the share of its members who liked a movie
/// (rated it at or above their own mean): score_c(i) = liked_c(i) / (|c| + 10).
/// Cold start: from stated likes (the cluster whose centroid is closest to the stated ratings) or from demographics
/// (gender, age band, occupation; naive Bayes P(c) prod P(attribute | c) with add-one smoothing, learned from the
/// users whose demographics are known). Defaults: 20 clusters, 15 iterations. Deterministic (independent users in parallel).
/// </summary>
public sealed class UserClusters(SideInfo? side = null) : Recommender, IFoldIn
{
    public int Clusters { get; set; } = 20;
    public int Iterations { get; set; } = 15;
    public int Seed { get; set; } = 42;

    internal int[] Assignment = [];
    internal float[] Centroids = [];   // k x items
    internal float[] ClusterScores = []; // k x items
    private Dictionary<string, double[]>? _attributeCounts; // attribute value -> per-cluster counts
    private double[] _clusterUsersWithDemographics = [];

    public override string Kind => "kmeans";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string> { ["clusters"] = F(Clusters), ["iterations"] = F(Iterations), ["seed"] = F(Seed) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        int n = data.UserCount, m = data.ItemCount, k = Math.Min(Clusters, n);
        _items = m;
        var x = CenteredValues(data);
        var rng = new Random(Seed);
        Centroids = new float[k * m];
        // k-means++: first centre uniform, then proportional to 1 - best cosine
        var chosen = new List<int> { rng.Next(n) };
        var best = new float[n];
        Array.Fill(best, float.NegativeInfinity);
        while (chosen.Count < k)
        {
            var c = chosen[^1];
            var centre = new float[m];
            AddUser(data, x, c, centre);
            Normalize(centre);
            Parallel.For(0, n, u => best[u] = Math.Max(best[u], Similarity(data, x, u, centre)));
            var weights = best.Select(b => Math.Max(0, 1 - b)).ToArray();
            var total = weights.Sum();
            var pick = rng.NextDouble() * total;
            var next = 0;
            for (double acc = 0; next < n - 1 && (acc += weights[next]) < pick; next++) { }
            chosen.Add(next);
        }
        for (var c = 0; c < k; c++)
        {
            var centre = Centroids.AsSpan(c * m, m);
            AddUser(data, x, chosen[c], centre);
            Normalize(centre);
        }
        Assignment = new int[n];
        for (var it = 0; it < Iterations; it++)
        {
            Parallel.For(0, n, u =>
            {
                var bestC = 0;
                var bestS = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var s = Similarity(data, x, u, Centroids.AsSpan(c * m, m));
                    if (s > bestS) { bestS = s; bestC = c; }
                }
                Assignment[u] = bestC;
            });
            var sums = new float[k * m];
            for (var u = 0; u < n; u++) AddUser(data, x, u, sums.AsSpan(Assignment[u] * m, m));
            for (var c = 0; c < k; c++)
            {
                var s = sums.AsSpan(c * m, m);
                if (TensorPrimitives.Norm(s) > 0) { Normalize(s); s.CopyTo(Centroids.AsSpan(c * m, m)); }
            }
            progress?.Report(0.9 * (it + 1) / Iterations);
        }
        ClusterScores = new float[k * m];
        var sizes = new int[k];
        for (var u = 0; u < n; u++)
        {
            sizes[Assignment[u]]++;
            var items = data.ItemsOf(u);
            var start = data.UserPtr[u];
            for (var j = 0; j < items.Length; j++)
                if (x[start + j] >= 0) ClusterScores[Assignment[u] * m + items[j]] += 1;
        }
        for (var c = 0; c < k; c++) TensorPrimitives.Multiply(ClusterScores.AsSpan(c * m, m), 1f / (sizes[c] + 10), ClusterScores.AsSpan(c * m, m));
        LearnDemographics(data);
    }

    private static float[] CenteredValues(RatingMatrix data)
    {
        var x = new float[data.RatingCount];
        for (var u = 0; u < data.UserCount; u++)
        {
            var vals = data.ValuesOf(u);
            if (vals.Length == 0) continue;
            var mean = TensorPrimitives.Sum(vals) / vals.Length;
            var dst = x.AsSpan(data.UserPtr[u], vals.Length);
            TensorPrimitives.Subtract(vals, mean, dst);
            var norm = TensorPrimitives.Norm(dst);
            if (norm > 0) TensorPrimitives.Divide(dst, norm, dst);
        }
        return x;
    }

    private static void AddUser(RatingMatrix data, float[] x, int u, Span<float> target)
    {
        var items = data.ItemsOf(u);
        var start = data.UserPtr[u];
        for (var j = 0; j < items.Length; j++) target[items[j]] += x[start + j];
    }

    private static float Similarity(RatingMatrix data, float[] x, int u, ReadOnlySpan<float> centre)
    {
        var items = data.ItemsOf(u);
        var start = data.UserPtr[u];
        var s = 0f;
        for (var j = 0; j < items.Length; j++) s += x[start + j] * centre[items[j]];
        return s;
    }

    private static void Normalize(Span<float> v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
    }

    private int _items;
    private int K => _items == 0 ? 0 : Centroids.Length / _items;

    public override void Score(int userInner, Span<float> scores)
    {
        var m = Data.ItemCount;
        ClusterScores.AsSpan(Assignment[userInner] * m, m).CopyTo(scores);
    }

    /// <summary>The cluster closest to the stated ratings (centred when they differ; plain likes count as +1).</summary>
    public int ClusterForRatings(IReadOnlyList<(int Item, float Value)> ratings)
    {
        var m = Data.ItemCount;
        var mean = ratings.Average(r => r.Value);
        var allSame = ratings.All(r => r.Value == ratings[0].Value);
        var best = 0;
        var bestS = float.NegativeInfinity;
        for (var c = 0; c < K; c++)
        {
            var centre = Centroids.AsSpan(c * m, m);
            var s = 0f;
            foreach (var (i, v) in ratings) s += (allSame ? 1 : v - mean) * centre[i];
            if (s > bestS) { bestS = s; best = c; }
        }
        return best;
    }

    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
    {
        var m = Data.ItemCount;
        ClusterScores.AsSpan(ClusterForRatings(ratings) * m, m).CopyTo(scores);
    }

    private static IEnumerable<string> Attributes(User u)
    {
        if (u.Gender != Gender.Unknown) yield return "g:" + u.Gender;
        if (u.Age is { } a) yield return "a:" + (a < 18 ? 0 : a < 25 ? 1 : a < 35 ? 2 : a < 45 ? 3 : a < 50 ? 4 : a < 56 ? 5 : 6);
        if (u.Occupation is { } o) yield return "o:" + o.Trim().ToLowerInvariant();
    }

    private void LearnDemographics(RatingMatrix data)
    {
        _attributeCounts = null;
        if (side is null || !side.Users.Any(u => u.HasDemographics)) return;
        var k = K;
        _attributeCounts = [];
        _clusterUsersWithDemographics = new double[k];
        foreach (var user in side.Users)
        {
            if (!user.HasDemographics || !data.TryGetUser(user.Id, out var u)) continue;
            var c = Assignment[u];
            _clusterUsersWithDemographics[c]++;
            foreach (var a in Attributes(user))
            {
                if (!_attributeCounts.TryGetValue(a, out var counts)) _attributeCounts[a] = counts = new double[k];
                counts[c]++;
            }
        }
    }

    /// <summary>The most likely cluster for a new user's demographics (naive Bayes). Throws when no demographics were available in training.</summary>
    public int ClusterForDemographics(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (_attributeCounts is null) throw new InvalidOperationException("This model has no demographics to learn from (only ML-100K and ML-1M have them); use stated likes instead.");
        var k = K;
        var total = _clusterUsersWithDemographics.Sum();
        var best = 0;
        var bestLog = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var log = Math.Log((_clusterUsersWithDemographics[c] + 1) / (total + k));
            foreach (var a in Attributes(user))
            {
                var count = _attributeCounts.TryGetValue(a, out var counts) ? counts[c] : 0;
                log += Math.Log((count + 1) / (_clusterUsersWithDemographics[c] + 2));
            }
            if (log > bestLog) { bestLog = log; best = c; }
        }
        return best;
    }

    /// <summary>Whether training had users with demographics (ML-100K, ML-1M), so that a new user can be placed by them.</summary>
    public bool KnowsDemographics => _attributeCounts is not null;

    /// <summary>Top-k movies (raw ids) for a new user known only by demographics.</summary>
    public IReadOnlyList<ScoredMovie> RecommendForDemographics(User user, int k)
    {
        var scores = new float[Data.ItemCount];
        ScoreForDemographics(user, scores);
        return TopK.Select(Data, scores, k, ReadOnlySpan<int>.Empty);
    }

    /// <summary>Every item's score (inner index) in the cluster most likely for these demographics: the cluster prior.</summary>
    public void ScoreForDemographics(User user, Span<float> scores)
    {
        var m = Data.ItemCount;
        ClusterScores.AsSpan(ClusterForDemographics(user) * m, m).CopyTo(scores);
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Clusters); w.Write(Iterations); w.Write(Seed);
        WriteArray(w, Assignment); WriteArray(w, Centroids); WriteArray(w, ClusterScores);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Clusters = r.ReadInt32(); Iterations = r.ReadInt32(); Seed = r.ReadInt32();
        Assignment = ReadInts(r); Centroids = ReadFloats(r); ClusterScores = ReadFloats(r);
        if (Assignment.Length != data.UserCount) throw new ModelFormatException($"k-means model file: {Assignment.Length} assignments for {data.UserCount} users.");
        var k = data.ItemCount == 0 ? 0 : Centroids.Length / data.ItemCount;
        CheckLength(Centroids, k * data.ItemCount, "centroids");
        CheckLength(ClusterScores, k * data.ItemCount, "cluster scores");
        if (Assignment.Any(c => c < 0 || c >= k)) throw new ModelFormatException("k-means model file: cluster index out of range.");
        _items = data.ItemCount;
        LearnDemographics(data);
    }
}
