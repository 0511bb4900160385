using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// Implicit-feedback ALS (Hu, Koren, Volinsky 2008), solved with conjugate gradient as benfred/implicit does.
/// Confidence c_ui = 1 + α r_ui for observed pairs (preference 1), c = 1 and preference 0 otherwise. Alternately,
/// for each user x_u = argmin sum_i c_ui (p_ui - x_u · y_i)^2 + λ |x_u|^2, i.e. (YᵀY + Yᵀ(C_u - I)Y + λI) x_u = Yᵀ C_u p_u,
/// approximately, with <see cref="CgSteps"/> CG steps warm-started from the previous x_u; then the same for items.
/// Defaults: 64 factors, 15 iterations, λ = 0.05, α = 2 (on the rating values), 3 CG steps, init normal(0, 0.01).
/// Users (then items) are independent, so the parallel loop is deterministic.
/// </summary>
public sealed class ImplicitAls : Recommender, IFoldIn, ISimilarItems
{
    public int Factors { get; set; } = 64;
    public int Iterations { get; set; } = 15;
    public float Regularization { get; set; } = 0.05f;
    public float Alpha { get; set; } = 2f;
    public int CgSteps { get; set; } = 3;
    public int Seed { get; set; } = 42;

    internal float[] X = [], Y = [];

    public override string Kind => "als";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["factors"] = F(Factors), ["iterations"] = F(Iterations), ["reg"] = F(Regularization), ["alpha"] = F(Alpha), ["cg_steps"] = F(CgSteps), ["seed"] = F(Seed) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        var rng = new Random(Seed);
        X = new float[data.UserCount * Factors];
        Y = new float[data.ItemCount * Factors];
        Kernels.FillNormal(X, rng, 0, 0.01f);
        Kernels.FillNormal(Y, rng, 0, 0.01f);
        for (var it = 0; it < Iterations; it++)
        {
            SolveAll(X, Y, data.UserPtr, data.UserItems, data.UserValues);
            SolveAll(Y, X, data.ItemPtr, data.ItemUsers, data.ItemValues);
            progress?.Report((it + 1.0) / Iterations);
        }
    }

    /// <summary>Updates every row of <paramref name="target"/> against the fixed factors <paramref name="fixedFactors"/>.</summary>
    private void SolveAll(float[] target, float[] fixedFactors, int[] ptr, int[] idx, float[] val)
    {
        var F = Factors;
        var gram = Gram(fixedFactors, F, Regularization);
        Parallel.For(0, ptr.Length - 1, () => new CgBuffers(F), (row, _, buf) =>
        {
            ConjugateGradient(target.AsSpan(row * F, F), fixedFactors, gram, idx.AsSpan(ptr[row], ptr[row + 1] - ptr[row]),
                val.AsSpan(ptr[row], ptr[row + 1] - ptr[row]), buf);
            return buf;
        }, _ => { });
    }

    private static float[] Gram(float[] factors, int F, float reg)
    {
        var n = factors.Length / F;
        var g = new double[F * F];
        const int chunks = 8; // fixed, so the sum order does not depend on the machine
        var partial = new double[chunks][];
        // deterministic: fixed chunks, summed in order
        Parallel.For(0, chunks, c =>
        {
            var acc = new double[F * F];
            for (var r = c; r < n; r += chunks)
            {
                var y = factors.AsSpan(r * F, F);
                for (var a = 0; a < F; a++)
                {
                    double ya = y[a];
                    for (var b = 0; b < F; b++) acc[a * F + b] += ya * y[b];
                }
            }
            partial[c] = acc;
        });
        foreach (var p in partial) for (var k = 0; k < g.Length; k++) g[k] += p[k];
        var result = g.Select(v => (float)v).ToArray();
        for (var a = 0; a < F; a++) result[a * F + a] += reg;
        return result;
    }

    private sealed class CgBuffers(int f)
    {
        public readonly float[] R = new float[f], P = new float[f], Ap = new float[f];
    }

    private void ConjugateGradient(Span<float> x, float[] y, float[] gram, ReadOnlySpan<int> idx, ReadOnlySpan<float> val, CgBuffers b)
    {
        var F = Factors;
        var r = b.R.AsSpan(); var p = b.P.AsSpan(); var ap = b.Ap.AsSpan();
        MatVec(gram, x, r, F);
        TensorPrimitives.Negate(r, r);
        for (var k = 0; k < idx.Length; k++)
        {
            var yi = y.AsSpan(idx[k] * F, F);
            var c = 1 + Alpha * val[k];
            TensorPrimitives.MultiplyAdd(yi, c - (c - 1) * TensorPrimitives.Dot(yi, x), r, r);
        }
        r.CopyTo(p);
        var rsOld = TensorPrimitives.Dot(r, r);
        if (rsOld < 1e-20f) return;
        for (var step = 0; step < CgSteps; step++)
        {
            MatVec(gram, p, ap, F);
            for (var k = 0; k < idx.Length; k++)
            {
                var yi = y.AsSpan(idx[k] * F, F);
                var c = 1 + Alpha * val[k];
                TensorPrimitives.MultiplyAdd(yi, (c - 1) * TensorPrimitives.Dot(yi, p), ap, ap);
            }
            var alpha = rsOld / TensorPrimitives.Dot(p, ap);
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);
            var rsNew = TensorPrimitives.Dot(r, r);
            if (rsNew < 1e-20f) break;
            TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
            rsOld = rsNew;
        }
    }

    private static void MatVec(float[] m, ReadOnlySpan<float> v, Span<float> dst, int f)
    {
        for (var a = 0; a < f; a++) dst[a] = TensorPrimitives.Dot(m.AsSpan(a * f, f), v);
    }

    public override void Score(int userInner, Span<float> scores)
        => Kernels.ScoreAll(X.AsSpan(userInner * Factors, Factors), Y, Factors, ReadOnlySpan<float>.Empty, 0, scores);

    /// <summary>Fold-in: the exact least-squares user vector for the stated movies (same objective, one solve).</summary>
    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
    {
        var F = Factors;
        var gram = Gram(Y, F, Regularization);
        var a = gram.Select(v => (double)v).ToArray();
        var rhs = new double[F];
        foreach (var (i, v) in ratings)
        {
            var yi = Y.AsSpan(i * F, F);
            var c = 1 + Alpha * v;
            for (var f = 0; f < F; f++)
            {
                rhs[f] += c * yi[f];
                for (var g = 0; g < F; g++) a[f * F + g] += (c - 1) * yi[f] * yi[g];
            }
        }
        Kernels.SolveSpd(a, rhs, F);
        var x = rhs.Select(v => (float)v).ToArray();
        Kernels.ScoreAll(x, Y, F, ReadOnlySpan<float>.Empty, 0, scores);
    }

    public IReadOnlyList<(int Item, float Similarity)> SimilarItems(int itemInner, int count) => FactorSimilarity.Cosine(Y, Factors, itemInner, count);

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Factors); w.Write(Iterations); w.Write(Regularization); w.Write(Alpha); w.Write(CgSteps); w.Write(Seed);
        WriteArray(w, X); WriteArray(w, Y);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Factors = r.ReadInt32(); Iterations = r.ReadInt32(); Regularization = r.ReadSingle(); Alpha = r.ReadSingle(); CgSteps = r.ReadInt32(); Seed = r.ReadInt32();
        X = ReadFloats(r); Y = ReadFloats(r);
        CheckLength(X, data.UserCount * Factors, "user factors"); CheckLength(Y, data.ItemCount * Factors, "item factors");
    }
}
