namespace MovieRec.Engine.Recommenders;

public enum KnnSimilarity { Cosine, Pearson, PearsonBaseline, Msd }

/// <summary>
/// Neighbourhood models (Surprise KNNBasic / KNNBaseline, RecBole ItemKNN), item-based or user-based.
/// Similarities (item-based shown; user-based swaps the roles), over the users U_ij who rated both i and j:
///   Cosine: sum_u r_ui r_uj / (|r_i| |r_j| + shrinkage) over the full vectors (the ranking/implicit form);
///   Pearson: the Pearson correlation over U_ij;
///   PearsonBaseline: sum (r_ui - b_ui)(r_uj - b_uj) / sqrt(sum (r_ui - b_ui)^2 sum (r_uj - b_uj)^2) over U_ij,
///     shrunk by (|U_ij| - 1) / (|U_ij| - 1 + shrinkage) (Surprise default shrinkage 100);
///   Msd: 1 / (mean squared difference over U_ij + 1).
/// Prediction (k nearest among the items the user rated, positive similarities only, Surprise semantics):
///   basic: r̂_ui = sum sim(i,j) r_uj / sum sim(i,j); with baseline (KNNBaseline):
///   r̂_ui = b_ui + sum sim(i,j) (r_uj - b_uj) / sum sim(i,j); fewer than MinK neighbours gives the baseline.
/// Ranking: score(u, i) = sum over j in I_u of sim(i, j) when j is among the k most similar items of i (RecBole ItemKNN).
/// Defaults: k = 40, min_k = 1, shrinkage 100 (PearsonBaseline only unless set), baselines as BaselineOnly.
/// The full similarity matrix is dense: this model is meant for catalogs up to about 20,000 items (or users).
/// </summary>
public sealed class Knn : Recommender, IRatingPredictor, IFoldIn, ISimilarItems
{
    public const int MaxEntities = 20_000;
    public string Name { get; set; } = "itemknn";
    public bool UserBased { get; set; }
    public KnnSimilarity Similarity { get; set; } = KnnSimilarity.Cosine;
    public bool WithBaseline { get; set; }
    public int K { get; set; } = 40;
    public int MinK { get; set; } = 1;
    public float Shrinkage { get; set; }

    internal float[] Sims = [];          // n x n, n = items (item-based) or users
    internal float Mu;
    internal float[] Bu = [], Bi = [];
    private int[][] _reverse = [];        // ranking: for entity j, the entities i having j among their top-K neighbours
    private float[][] _reverseSims = [];

    public static Knn ItemKnn() => new() { Name = "itemknn", Similarity = KnnSimilarity.Cosine, K = 100 };
    public static Knn UserKnn() => new() { Name = "userknn", UserBased = true, Similarity = KnnSimilarity.Pearson, K = 40 };
    public static Knn KnnBaseline() => new() { Name = "knnbaseline", Similarity = KnnSimilarity.PearsonBaseline, WithBaseline = true, K = 40, Shrinkage = 100 };

    public static Knn KnnBaselineUser() => new() { Name = "knnbaseline-user", UserBased = true, Similarity = KnnSimilarity.PearsonBaseline, WithBaseline = true, K = 40, Shrinkage = 100 };

    public override string Kind => Name;
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    {
        ["user_based"] = UserBased.ToString(), ["similarity"] = Similarity.ToString(), ["baseline"] = WithBaseline.ToString(),
        ["k"] = F(K), ["min_k"] = F(MinK), ["shrinkage"] = F(Shrinkage),
    };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        var n = UserBased ? data.UserCount : data.ItemCount;
        if (n > MaxEntities) throw new NotSupportedException($"{Name}: {n:N0} {(UserBased ? "users" : "items")} is too many for a dense similarity matrix (limit {MaxEntities:N0}); use mf, als or ease.");
        (Mu, Bu, Bi) = BaselineOnly.Compute(data, 10, 15, 10);
        Sims = ComputeSimilarities(data, progress);
        BuildReverse();
    }

    private float[] ComputeSimilarities(RatingMatrix data, IProgress<double>? progress)
    {
        // entity -> others (e.g. item -> users) and other -> entities
        int[] ePtr, eIdx, oPtr, oIdx; float[] eVal, oVal;
        if (UserBased) { ePtr = data.UserPtr; eIdx = data.UserItems; eVal = data.UserValues; oPtr = data.ItemPtr; oIdx = data.ItemUsers; oVal = data.ItemValues; }
        else { ePtr = data.ItemPtr; eIdx = data.ItemUsers; eVal = data.ItemValues; oPtr = data.UserPtr; oIdx = data.UserItems; oVal = data.UserValues; }
        if (Similarity == KnnSimilarity.PearsonBaseline)
        {
            eVal = Residuals(data, ePtr, eIdx, eVal, entityIsUser: UserBased);
            oVal = Residuals(data, oPtr, oIdx, oVal, entityIsUser: !UserBased);
        }
        var n = ePtr.Length - 1;
        var sims = new float[(long)n * n];
        var norms = new double[n];
        for (var a = 0; a < n; a++)
        {
            double s = 0;
            for (var k = ePtr[a]; k < ePtr[a + 1]; k++) s += (double)eVal[k] * eVal[k];
            norms[a] = Math.Sqrt(s);
        }
        var done = 0;
        Parallel.For(0, n, () => new Accumulator(n), (a, _, acc) =>
        {
            acc.Reset();
            for (var k = ePtr[a]; k < ePtr[a + 1]; k++)
            {
                var o = eIdx[k];
                double x = eVal[k];
                for (var m = oPtr[o]; m < oPtr[o + 1]; m++)
                {
                    var b = oIdx[m];
                    double y = oVal[m];
                    if (acc.N[b] == 0) acc.Touched.Add(b);
                    acc.N[b]++; acc.Sx[b] += x; acc.Sy[b] += y; acc.Sxx[b] += x * x; acc.Syy[b] += y * y; acc.Sxy[b] += x * y;
                }
            }
            var row = sims.AsSpan((int)((long)a * n), n);
            foreach (var b in acc.Touched) row[b] = b == a ? 0 : SimilarityOf(acc, b, norms[a], norms[b]);
            if (progress is not null && Interlocked.Increment(ref done) % 256 == 0) progress.Report(0.95 * done / n);
            return acc;
        }, _ => { });
        return sims;
    }

    private float SimilarityOf(Accumulator acc, int b, double normA, double normB)
    {
        var n = acc.N[b];
        switch (Similarity)
        {
            case KnnSimilarity.Cosine:
                return (float)(acc.Sxy[b] / (normA * normB + Shrinkage + 1e-12));
            case KnnSimilarity.Pearson:
            {
                var num = n * acc.Sxy[b] - acc.Sx[b] * acc.Sy[b];
                var den = Math.Sqrt(Math.Max(0, n * acc.Sxx[b] - acc.Sx[b] * acc.Sx[b]) * Math.Max(0, n * acc.Syy[b] - acc.Sy[b] * acc.Sy[b]));
                if (den <= 1e-12) return 0;
                var sim = num / den;
                if (Shrinkage > 0) sim *= (n - 1) / (n - 1 + Shrinkage);
                return (float)sim;
            }
            case KnnSimilarity.PearsonBaseline:
            {
                var den = Math.Sqrt(acc.Sxx[b] * acc.Syy[b]);
                if (den <= 1e-12) return 0;
                return (float)(acc.Sxy[b] / den * ((n - 1) / (n - 1 + Shrinkage)));
            }
            default:
            {
                var msd = (acc.Sxx[b] - 2 * acc.Sxy[b] + acc.Syy[b]) / n;
                return (float)(1 / (msd + 1));
            }
        }
    }

    private float[] Residuals(RatingMatrix data, int[] ptr, int[] idx, float[] val, bool entityIsUser)
    {
        var res = new float[val.Length];
        for (var a = 0; a < ptr.Length - 1; a++)
            for (var k = ptr[a]; k < ptr[a + 1]; k++)
            {
                int u = entityIsUser ? a : idx[k], i = entityIsUser ? idx[k] : a;
                res[k] = val[k] - (Mu + Bu[u] + Bi[i]);
            }
        return res;
    }

    private sealed class Accumulator(int n)
    {
        public readonly int[] N = new int[n];
        public readonly double[] Sx = new double[n], Sy = new double[n], Sxx = new double[n], Syy = new double[n], Sxy = new double[n];
        public readonly List<int> Touched = [];
        public void Reset()
        {
            foreach (var b in Touched) { N[b] = 0; Sx[b] = Sy[b] = Sxx[b] = Syy[b] = Sxy[b] = 0; }
            Touched.Clear();
        }
    }

    private void BuildReverse()
    {
        var n = (int)Math.Sqrt(Sims.LongLength);
        var lists = Enumerable.Range(0, n).Select(_ => new List<(int, float)>()).ToArray();
        var tops = new int[n][];
        Parallel.For(0, n, i => tops[i] = TopK.SelectIndices(Sims.AsSpan((int)((long)i * n), n), K));
        for (var i = 0; i < n; i++)
            foreach (var j in tops[i])
            {
                var s = Sims[(long)i * n + j];
                if (s > 0) lists[j].Add((i, s));
            }
        _reverse = lists.Select(l => l.Select(x => x.Item1).ToArray()).ToArray();
        _reverseSims = lists.Select(l => l.Select(x => x.Item2).ToArray()).ToArray();
    }

    private float Baseline(int u, int i) => Mu + (u >= 0 ? Bu[u] : 0) + (i >= 0 ? Bi[i] : 0);

    public float Predict(int u, int i)
    {
        if (u < 0 || i < 0) return Baseline(u, i);
        var data = Data;
        var n = UserBased ? data.UserCount : data.ItemCount;
        var target = UserBased ? u : i;
        var neigh = UserBased ? data.UsersOf(i) : data.ItemsOf(u);
        var vals = UserBased ? data.ItemRatingsOf(i) : data.ValuesOf(u);
        Span<float> s = neigh.Length <= 1024 ? stackalloc float[neigh.Length] : new float[neigh.Length];
        for (var k = 0; k < neigh.Length; k++) s[k] = Sims[(long)target * n + neigh[k]];
        var best = TopK.SelectIndices(s, K);
        double sumSim = 0, sum = 0;
        var actual = 0;
        foreach (var k in best)
        {
            var sim = s[k];
            if (sim <= 0) continue;
            var other = neigh[k];
            var r = vals[k];
            if (WithBaseline) r -= UserBased ? Baseline(other, i) : Baseline(u, other);
            sumSim += sim; sum += sim * r; actual++;
        }
        if (actual < MinK || sumSim <= 0) return WithBaseline ? Baseline(u, i) : Mu + (u >= 0 ? Bu[u] : 0) + (i >= 0 ? Bi[i] : 0);
        return (float)((WithBaseline ? Baseline(u, i) : 0) + sum / sumSim);
    }

    public override void Score(int userInner, Span<float> scores)
    {
        var data = Data;
        scores.Clear();
        if (!UserBased)
        {
            foreach (var j in data.ItemsOf(userInner)) AddReverse(j, 1f, scores);
            return;
        }
        var n = data.UserCount;
        var row = Sims.AsSpan((int)((long)userInner * n), n);
        foreach (var v in TopK.SelectIndices(row, K))
        {
            var s = row[v];
            if (s <= 0) continue;
            foreach (var i in data.ItemsOf(v)) scores[i] += s;
        }
    }

    private void AddReverse(int j, float weight, Span<float> scores)
    {
        var targets = _reverse[j];
        var sims = _reverseSims[j];
        for (var k = 0; k < targets.Length; k++) scores[targets[k]] += weight * sims[k];
    }

    /// <summary>Item-based: the stated movies vote for their neighbours. User-based: falls back to popularity.</summary>
    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
    {
        if (UserBased) { PopularityScores().CopyTo(scores); return; }
        scores.Clear();
        foreach (var (j, _) in ratings) AddReverse(j, 1f, scores);
    }

    public IReadOnlyList<(int Item, float Similarity)> SimilarItems(int itemInner, int count)
    {
        if (UserBased) throw new NotSupportedException($"{Name} is user-based; similar items need an item-based model.");
        var n = Data.ItemCount;
        var row = Sims.AsSpan((int)((long)itemInner * n), n).ToArray();
        row[itemInner] = float.NegativeInfinity;
        return TopK.SelectIndices(row, count).Select(j => (j, row[j])).ToList();
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Name); w.Write(UserBased); w.Write((int)Similarity); w.Write(WithBaseline); w.Write(K); w.Write(MinK); w.Write(Shrinkage);
        w.Write(Mu); WriteArray(w, Bu); WriteArray(w, Bi); WriteArray(w, Sims);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Name = r.ReadString(); UserBased = r.ReadBoolean(); Similarity = (KnnSimilarity)r.ReadInt32(); WithBaseline = r.ReadBoolean();
        K = r.ReadInt32(); MinK = r.ReadInt32(); Shrinkage = r.ReadSingle();
        Mu = r.ReadSingle(); Bu = ReadFloats(r); Bi = ReadFloats(r); Sims = ReadFloats(r);
        var n = UserBased ? data.UserCount : data.ItemCount;
        CheckLength(Sims, n * n, "similarities");
        BuildReverse();
    }
}
