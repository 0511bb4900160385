using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// Biased matrix factorization by SGD (Funk SVD; Surprise "SVD"): r̂_ui = mu + b_u + b_i + q_i · p_u, minimizing
/// sum (r_ui - r̂_ui)^2 + reg (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2). Per rating, with e = r_ui - r̂_ui:
/// b_u += lr (e - reg b_u), b_i += lr (e - reg b_i), p_u += lr (e q_i - reg p_u), q_i += lr (e p_u - reg q_i).
/// Defaults as Surprise: 100 factors, 20 epochs, lr 0.005, reg 0.02, init normal(0, 0.1).
/// Parallel and deterministic: DSGD stratification. Users and items are split into <see cref="Strata"/> fixed
/// random groups; each epoch runs Strata sub-epochs, and in sub-epoch s the blocks (g, (g + s) mod Strata) touch
/// disjoint users and items, so they run in parallel without locks; inside a block the ratings are visited in one
/// shuffled order fixed by the seed (Surprise visits them in a fixed order too). The result depends only on the seed,
/// never on the thread count. 8 strata keep a block's item factors (1/8 of them) in a core's L2 cache.
/// </summary>
public sealed class BiasedMf : Recommender, IRatingPredictor, IFoldIn, ISimilarItems
{
    public int Factors { get; set; } = 100;
    public int Epochs { get; set; } = 20;
    public float LearningRate { get; set; } = 0.005f;
    public float Reg { get; set; } = 0.02f;
    public float InitStd { get; set; } = 0.1f;
    public int Seed { get; set; } = 42;
    public int Strata { get; set; } = 8;
    /// <summary>Kind name; "mf" for the Surprise defaults, "mf-tuned" for the tuned variant of <see cref="Tuned"/>.</summary>
    public string Name { get; set; } = "mf";

    internal float Mu;
    internal float[] Bu = [], Bi = [], P = [], Q = [];

    public override string Kind => Name;
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    {
        ["factors"] = F(Factors), ["epochs"] = F(Epochs), ["lr"] = F(LearningRate), ["reg"] = F(Reg),
        ["init_std"] = F(InitStd), ["seed"] = F(Seed), ["strata"] = F(Strata),
    };

    /// <summary>Settings tuned on a holdout of training data only (ml-100k fold 1): more epochs, stronger regularization.</summary>
    public static BiasedMf Tuned() => new() { Name = "mf-tuned", Factors = 50, Epochs = 60, LearningRate = 0.01f, Reg = 0.1f, InitStd = 0.05f };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        int nu = data.UserCount, ni = data.ItemCount, F = Factors, S = Math.Max(1, Strata);
        var rng = new Random(Seed);
        Mu = data.GlobalMean;
        Bu = new float[nu];
        Bi = new float[ni];
        P = new float[nu * F];
        Q = new float[ni * F];
        Kernels.FillNormal(P, rng, 0, InitStd);
        Kernels.FillNormal(Q, rng, 0, InitStd);

        var blocks = SgdBlocks.Build(data, S, rng);
        float lr = LearningRate, reg = Reg, mu = Mu;
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            for (var s = 0; s < S; s++)
            {
                var sub = s;
                Parallel.For(0, S, g => RunBlock(blocks[g * S + (g + sub) % S], mu, lr, reg));
            }
            progress?.Report((epoch + 1.0) / Epochs);
        }
    }

    // AggressiveOptimization: skip tier-0 JIT, whose Vector<T> code is many times slower, for this hot loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunBlock(SgdEntry[] block, float mu, float lr, float reg)
    {
        var f = Factors;
        float[] bu = Bu, bi = Bi;
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(P);
        ref var q0 = ref MemoryMarshal.GetArrayDataReference(Q);
        foreach (var (u, i, value) in block)
        {
            ref var pu = ref Unsafe.Add(ref p0, u * f);
            ref var qi = ref Unsafe.Add(ref q0, i * f);
            var err = value - (mu + bu[u] + bi[i] + Kernels.Dot(ref pu, ref qi, f));
            bu[u] += lr * (err - reg * bu[u]);
            bi[i] += lr * (err - reg * bi[i]);
            Kernels.SgdPair(ref pu, ref qi, f, err, lr, reg);
        }
    }

    public float Predict(int u, int i)
    {
        var est = Mu + (u >= 0 ? Bu[u] : 0) + (i >= 0 ? Bi[i] : 0);
        if (u >= 0 && i >= 0) est += TensorPrimitives.Dot(P.AsSpan(u * Factors, Factors), Q.AsSpan(i * Factors, Factors));
        return est;
    }

    public override void Score(int userInner, Span<float> scores)
        => Kernels.ScoreAll(P.AsSpan(userInner * Factors, Factors), Q, Factors, Bi, Mu + Bu[userInner], scores);

    /// <summary>Fold-in: b_u = damped mean residual, then ridge regression of the remaining residuals on the item factors.</summary>
    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
    {
        var bu = ratings.Sum(r => r.Value - Mu - Bi[r.Item]) / (ratings.Count + 5f);
        var p = Kernels.RidgeFoldIn(Q, Factors, ratings.Select(r => (r.Item, r.Value - Mu - Bi[r.Item] - bu)).ToList(), 0.5 + Reg * ratings.Count);
        Kernels.ScoreAll(p, Q, Factors, Bi, Mu + bu, scores);
    }

    public IReadOnlyList<(int Item, float Similarity)> SimilarItems(int itemInner, int count)
        => FactorSimilarity.Cosine(Q, Factors, itemInner, count);

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Name); w.Write(Factors); w.Write(Epochs); w.Write(LearningRate); w.Write(Reg); w.Write(InitStd); w.Write(Seed); w.Write(Strata);
        w.Write(Mu); WriteArray(w, Bu); WriteArray(w, Bi); WriteArray(w, P); WriteArray(w, Q);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Name = r.ReadString(); Factors = r.ReadInt32(); Epochs = r.ReadInt32(); LearningRate = r.ReadSingle(); Reg = r.ReadSingle();
        InitStd = r.ReadSingle(); Seed = r.ReadInt32(); Strata = r.ReadInt32();
        Mu = r.ReadSingle(); Bu = ReadFloats(r); Bi = ReadFloats(r); P = ReadFloats(r); Q = ReadFloats(r);
        CheckLength(Bu, data.UserCount, "user biases"); CheckLength(Bi, data.ItemCount, "item biases");
        CheckLength(P, data.UserCount * Factors, "user factors"); CheckLength(Q, data.ItemCount * Factors, "item factors");
    }
}

/// <summary>One rating as the SGD loops read it: stored by value in its block, so a pass reads the block sequentially.</summary>
internal readonly record struct SgdEntry(int User, int Item, float Value);

/// <summary>The DSGD blocks: the ratings grouped by (user stratum, item stratum), each block in a random order.</summary>
internal static class SgdBlocks
{
    public static SgdEntry[][] Build(RatingMatrix data, int strata, Random rng)
    {
        var userGroup = RandomGroups(data.UserCount, strata, rng);
        var itemGroup = RandomGroups(data.ItemCount, strata, rng);
        var lists = Enumerable.Range(0, strata * strata).Select(_ => new List<SgdEntry>()).ToArray();
        for (var k = 0; k < data.RatingCount; k++)
        {
            int u = data.RatingUsers[k], i = data.UserItems[k];
            lists[userGroup[u] * strata + itemGroup[i]].Add(new SgdEntry(u, i, data.UserValues[k]));
        }
        var blocks = lists.Select(l => l.ToArray()).ToArray();
        foreach (var block in blocks) Kernels.Shuffle(block.AsSpan(), rng);
        return blocks;
    }

    private static int[] RandomGroups(int n, int groups, Random rng)
    {
        var perm = Enumerable.Range(0, n).ToArray();
        Kernels.Shuffle(perm.AsSpan(), rng);
        var g = new int[n];
        for (var k = 0; k < n; k++) g[perm[k]] = k % groups;
        return g;
    }
}

/// <summary>Cosine neighbours in a factor space.</summary>
internal static class FactorSimilarity
{
    public static IReadOnlyList<(int Item, float Similarity)> Cosine(float[] q, int factors, int item, int count)
    {
        var n = q.Length / factors;
        var target = q.AsSpan(item * factors, factors);
        var sims = new float[n];
        for (var j = 0; j < n; j++)
            sims[j] = j == item ? float.NegativeInfinity : TensorPrimitives.CosineSimilarity(target, q.AsSpan(j * factors, factors));
        return TopK.SelectIndices(sims, count).Select(j => (j, sims[j])).ToList();
    }
}
