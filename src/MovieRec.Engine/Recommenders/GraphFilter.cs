using MovieRec.Core.Domain;
using MovieRec.Engine.Text.Lsa;
using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// GF-CF (Shen et al. 2021, "How Powerful is Graph Convolution for Recommendation?"), a training-free graph filter.
/// With R̃ = D_U^-1/2 X D_I^-1/2 (X holds rating / scale maximum, D the user and item degrees of X):
/// score(u) = x_u R̃ᵀR̃ + α · (x_u D_I^-1/2) V Vᵀ D_I^1/2, where V holds the top <see cref="Factors"/> right singular
/// vectors of R̃. The first term is a normalized item-item filter, the second an ideal low-pass filter that keeps
/// only the smoothest <see cref="Factors"/> "frequencies" of the item graph. Fitting is one truncated SVD; R̃ itself
/// is read from the training matrix when scoring (O(ratings) per user), so nothing of items x items size is stored.
/// </summary>
public sealed class GraphFilter : Recommender, IFoldIn
{
    public int Factors { get; set; } = 32;
    public float IdealWeight { get; set; } = 0.3f;
    public int Seed { get; set; } = 42;

    private float[] _userNorm = [];   // 1 / sqrt(user degree)
    private float[] _itemNorm = [];   // 1 / sqrt(item degree)
    private float[] _v = [];          // items x Factors, row-major

    public override string Kind => "gfcf";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["factors"] = F(Factors), ["ideal_weight"] = F(IdealWeight), ["seed"] = F(Seed) };

    private static float Input(float rating, RatingScale scale) => rating / scale.Max;

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        if (Factors < 1) throw new ArgumentOutOfRangeException(nameof(Factors), Factors, "GF-CF needs at least one factor.");
        _userNorm = Norms(data.UserCount, u => data.ValuesOf(u), data.Scale);
        _itemNorm = Norms(data.ItemCount, i => data.ItemRatingsOf(i), data.Scale);
        var rowStart = new int[data.UserCount + 1];
        var columns = new int[data.RatingCount];
        var values = new double[data.RatingCount];
        for (var u = 0; u < data.UserCount; u++)
        {
            var items = data.ItemsOf(u);
            var vals = data.ValuesOf(u);
            for (var k = 0; k < items.Length; k++)
            {
                columns[rowStart[u] + k] = items[k];
                values[rowStart[u] + k] = Input(vals[k], data.Scale) * _userNorm[u] * _itemNorm[items[k]];
            }
            rowStart[u + 1] = rowStart[u] + items.Length;
        }
        progress?.Report(0.1);
        var svd = RandomizedSvd.Compute(new CsrMatrix(data.UserCount, data.ItemCount, rowStart, columns, values), Factors, oversampling: 64, powerIterations: 10, Seed);
        // tiny inputs can give fewer factors than asked: pad with zeros so the stored shape is always items x Factors
        _v = new float[data.ItemCount * Factors];
        for (var i = 0; i < data.ItemCount; i++)
            for (var f = 0; f < svd.Rank; f++) _v[i * Factors + f] = (float)svd.V[i * svd.Rank + f];
    }

    private static float[] Norms(int count, Func<int, ReadOnlySpan<float>> valuesOf, RatingScale scale)
    {
        var norms = new float[count];
        for (var n = 0; n < count; n++)
        {
            double degree = 0;
            foreach (var v in valuesOf(n)) degree += Input(v, scale);
            norms[n] = degree > 0 ? (float)(1 / Math.Sqrt(degree)) : 0;
        }
        return norms;
    }

    public override void Score(int userInner, Span<float> scores)
    {
        var data = Data;
        var items = data.ItemsOf(userInner);
        var vals = data.ValuesOf(userInner);
        var row = new (int, float)[items.Length];
        for (var k = 0; k < items.Length; k++) row[k] = (items[k], Input(vals[k], data.Scale));
        ScoreRow(row, scores);
    }

    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
        => ScoreRow(ratings.Select(r => (r.Item, Input(r.Value, Data.Scale))).ToArray(), scores);

    private void ScoreRow(IReadOnlyList<(int Item, float Value)> row, Span<float> scores)
    {
        var data = Data;
        // linear filter x R̃ᵀR̃: first y = R̃ x (one value per training user), then yᵀR̃
        var y = new float[data.UserCount];
        foreach (var (i, x) in row)
        {
            var users = data.UsersOf(i);
            var vals = data.ItemRatingsOf(i);
            for (var k = 0; k < users.Length; k++) y[users[k]] += x * Input(vals[k], data.Scale) * _userNorm[users[k]] * _itemNorm[i];
        }
        scores.Clear();
        for (var u = 0; u < y.Length; u++)
        {
            if (y[u] == 0) continue;
            var items = data.ItemsOf(u);
            var vals = data.ValuesOf(u);
            for (var k = 0; k < items.Length; k++) scores[items[k]] += y[u] * Input(vals[k], data.Scale) * _userNorm[u] * _itemNorm[items[k]];
        }
        // ideal low-pass: t = (x D_I^-1/2) V, then score_j += α (V_j · t) / itemNorm_j
        var t = new float[Factors];
        foreach (var (i, x) in row)
            TensorPrimitives.MultiplyAdd(_v.AsSpan(i * Factors, Factors), x * _itemNorm[i], t, t);
        for (var j = 0; j < scores.Length; j++)
            if (_itemNorm[j] > 0) scores[j] += IdealWeight * TensorPrimitives.Dot(_v.AsSpan(j * Factors, Factors), t) / _itemNorm[j];
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Factors); w.Write(IdealWeight); w.Write(Seed);
        WriteArray(w, _userNorm); WriteArray(w, _itemNorm); WriteArray(w, _v);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Factors = r.ReadInt32(); IdealWeight = r.ReadSingle(); Seed = r.ReadInt32();
        if (Factors < 1) throw new ModelFormatException("GF-CF model file: factor count must be positive.");
        _userNorm = ReadFloats(r); _itemNorm = ReadFloats(r); _v = ReadFloats(r);
        CheckLength(_userNorm, data.UserCount, "user norms");
        CheckLength(_itemNorm, data.ItemCount, "item norms");
        CheckLength(_v, data.ItemCount * Factors, "item factors");
    }
}
