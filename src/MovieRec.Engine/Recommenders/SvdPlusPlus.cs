using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// SVD++ (Koren 2008): r̂_ui = mu + b_u + b_i + q_i · (p_u + |I_u|^-1/2 sum_{j in I_u} y_j), by SGD.
/// Defaults as Surprise: 20 factors, 20 epochs, lr 0.007, reg 0.02, init normal(0, 0.1).
/// Users are visited in a seeded shuffled order, their ratings in a seeded shuffled order. The updates are Surprise's
/// exactly (every y_j of the user moves after each rating), computed in O(|I_u| F) per user instead of O(|I_u|^2 F)
/// (see <see cref="FitUser"/>). Sequential (the y_j are shared by all users), hence deterministic.
/// </summary>
public sealed class SvdPlusPlus : Recommender, IRatingPredictor
{
    public int Factors { get; set; } = 20;
    public int Epochs { get; set; } = 20;
    public float LearningRate { get; set; } = 0.007f;
    public float Reg { get; set; } = 0.02f;
    public float InitStd { get; set; } = 0.1f;
    public int Seed { get; set; } = 42;

    internal float Mu;
    internal float[] Bu = [], Bi = [], P = [], Q = [], Y = [];
    private float[] _implicit = []; // per user: |I_u|^-1/2 sum y_j, cached after fit/load

    public string Name { get; set; } = "svdpp";

    /// <summary>Settings tuned on a holdout of training data only (ml-100k fold 1): more factors and epochs, stronger regularization.</summary>
    public static SvdPlusPlus Tuned() => new() { Name = "svdpp-tuned", Factors = 50, Epochs = 60, LearningRate = 0.005f, Reg = 0.1f };

    public override string Kind => Name;
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["factors"] = F(Factors), ["epochs"] = F(Epochs), ["lr"] = F(LearningRate), ["reg"] = F(Reg), ["init_std"] = F(InitStd), ["seed"] = F(Seed) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        int nu = data.UserCount, ni = data.ItemCount, F = Factors;
        var rng = new Random(Seed);
        Mu = data.GlobalMean;
        Bu = new float[nu]; Bi = new float[ni];
        P = new float[nu * F]; Q = new float[ni * F]; Y = new float[ni * F];
        Kernels.FillNormal(P, rng, 0, InitStd);
        Kernels.FillNormal(Q, rng, 0, InitStd);
        Kernels.FillNormal(Y, rng, 0, InitStd);
        var users = Enumerable.Range(0, nu).ToArray();
        var buffers = new UserBuffers(F, data.UserPtr.Zip(data.UserPtr.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max());
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            Kernels.Shuffle(users.AsSpan(), rng);
            foreach (var u in users) FitUser(data, u, rng, buffers);
            progress?.Report((epoch + 1.0) / Epochs);
        }
        CacheImplicit(data);
    }

    private sealed class UserBuffers(int f, int maxDegree)
    {
        public readonly float[] Impl = new float[f], Shift = new float[f], QOld = new float[f];
        public readonly int[] Order = new int[maxDegree];
    }

    /// <summary>
    /// One user's pass with Surprise's exact updates. Every rating moves all y_j (j in I_u) by the same affine map
    /// y_j = (1 - lr reg) y_j + lr e |I_u|^-1/2 q_i, so the pass keeps the implicit term up to date in O(F) per rating
    /// (impl = (1 - lr reg) impl + lr e q_i) and applies the composed map y_j = a y_j + c once at the end.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void FitUser(RatingMatrix data, int u, Random rng, UserBuffers b)
    {
        var F = Factors;
        int start = data.UserPtr[u], n = data.UserPtr[u + 1] - start;
        if (n == 0) return;
        float lr = LearningRate, reg = Reg, mu = Mu;
        var items = data.ItemsOf(u);
        var norm = 1f / MathF.Sqrt(n);
        var impl = b.Impl.AsSpan();
        var shift = b.Shift.AsSpan();
        var qOld = b.QOld.AsSpan();
        impl.Clear();
        shift.Clear();
        foreach (var j in items) TensorPrimitives.Add(impl, Y.AsSpan(j * F, F), impl);
        TensorPrimitives.Multiply(impl, norm, impl);
        var decay = 1 - lr * reg;
        var scale = 1f;
        var ord = b.Order.AsSpan(0, n);
        for (var k = 0; k < n; k++) ord[k] = start + k;
        Kernels.Shuffle(ord, rng);
        var pu = P.AsSpan(u * F, F);
        foreach (var k in ord)
        {
            var i = data.UserItems[k];
            var qi = Q.AsSpan(i * F, F);
            qi.CopyTo(qOld);
            var err = data.UserValues[k] - (mu + Bu[u] + Bi[i] + TensorPrimitives.Dot(qi, pu) + TensorPrimitives.Dot(qi, impl));
            Bu[u] += lr * (err - reg * Bu[u]);
            Bi[i] += lr * (err - reg * Bi[i]);
            for (var f = 0; f < F; f++)
            {
                float pf = pu[f], qf = qi[f];
                pu[f] = pf + lr * (err * qf - reg * pf);
                qi[f] = qf + lr * (err * (pf + impl[f]) - reg * qf);
            }
            // y_j <- decay y_j + lr e norm q_old, composed: y_j = scale * y_j0 + shift
            TensorPrimitives.Multiply(shift, decay, shift);
            TensorPrimitives.MultiplyAdd(qOld, lr * err * norm, shift, shift);
            scale *= decay;
            TensorPrimitives.Multiply(impl, decay, impl);
            TensorPrimitives.MultiplyAdd(qOld, lr * err, impl, impl);
        }
        foreach (var j in items)
        {
            var yj = Y.AsSpan(j * F, F);
            TensorPrimitives.MultiplyAdd(yj, scale, shift, yj);
        }
    }

    private void CacheImplicit(RatingMatrix data)
    {
        var F = Factors;
        _implicit = new float[data.UserCount * F];
        Parallel.For(0, data.UserCount, u =>
        {
            var items = data.ItemsOf(u);
            if (items.Length == 0) return;
            var dst = _implicit.AsSpan(u * F, F);
            foreach (var j in items) TensorPrimitives.Add(dst, Y.AsSpan(j * F, F), dst);
            TensorPrimitives.Multiply(dst, 1f / MathF.Sqrt(items.Length), dst);
            TensorPrimitives.Add(dst, P.AsSpan(u * F, F), dst); // cache p_u + implicit term
        });
    }

    public float Predict(int u, int i)
    {
        var est = Mu + (u >= 0 ? Bu[u] : 0) + (i >= 0 ? Bi[i] : 0);
        if (u >= 0 && i >= 0) est += TensorPrimitives.Dot(_implicit.AsSpan(u * Factors, Factors), Q.AsSpan(i * Factors, Factors));
        return est;
    }

    public override void Score(int userInner, Span<float> scores)
        => Kernels.ScoreAll(_implicit.AsSpan(userInner * Factors, Factors), Q, Factors, Bi, Mu + Bu[userInner], scores);

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Name); w.Write(Factors); w.Write(Epochs); w.Write(LearningRate); w.Write(Reg); w.Write(InitStd); w.Write(Seed);
        w.Write(Mu); WriteArray(w, Bu); WriteArray(w, Bi); WriteArray(w, P); WriteArray(w, Q); WriteArray(w, Y);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Name = r.ReadString(); Factors = r.ReadInt32(); Epochs = r.ReadInt32(); LearningRate = r.ReadSingle(); Reg = r.ReadSingle(); InitStd = r.ReadSingle(); Seed = r.ReadInt32();
        Mu = r.ReadSingle(); Bu = ReadFloats(r); Bi = ReadFloats(r); P = ReadFloats(r); Q = ReadFloats(r); Y = ReadFloats(r);
        CheckLength(Bu, data.UserCount, "user biases"); CheckLength(Bi, data.ItemCount, "item biases");
        CheckLength(P, data.UserCount * Factors, "user factors"); CheckLength(Q, data.ItemCount * Factors, "item factors");
        CheckLength(Y, data.ItemCount * Factors, "implicit factors");
        CacheImplicit(data);
    }
}
