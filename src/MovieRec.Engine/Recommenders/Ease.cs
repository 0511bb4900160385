using MovieRec.Core.Domain;
using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// EASE (Steck 2019), closed form: with X the binary user-item matrix, G = XᵀX + λI, P = G⁻¹,
/// B_ij = -P_ij / P_jj (B_jj = 0); score(u) = x_u B. Default λ = 250.
/// With <see cref="Dropout"/> p &gt; 0 ("edlae", Steck 2020, emphasized denoising): the regularizer becomes
/// λ + p / (1 - p) G_ii per item, which penalizes popular items' self-reconstruction more.
/// The inverse is an in-place Gauss-Jordan sweep (G is SPD, no pivoting needed), rows updated in parallel with
/// TensorPrimitives; O(n³) in the number of items, so only the <see cref="MaxItems"/> most rated items are modelled
/// (default 3,000; the rest score 0 and are ranked after them by popularity).
/// With <see cref="RatingWeighted"/> X holds rating / scale maximum instead of 1 ("ease-rated"): a 5-star movie pulls its
/// neighbours up more than a 1-star one, which is what a protocol counting only ratings of 4 or more as relevant rewards.
/// </summary>
public sealed class Ease : Recommender, IFoldIn, ISimilarItems
{
    public float Lambda { get; set; } = 250f;
    public int MaxItems { get; set; } = 3000;
    public float Dropout { get; set; }
    /// <summary>Ratings below this value are not used as positives (0 = every rating is a positive).</summary>
    public float MinRating { get; set; }
    /// <summary>X_ui = rating / scale maximum instead of 1.</summary>
    public bool RatingWeighted { get; set; }
    public string Name { get; set; } = "ease";

    internal int[] Modelled = [];      // model column -> item inner index
    internal float[] B = [];           // m x m
    private int[] _column = [];        // item inner -> model column or -1

    public override string Kind => Name;
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string> { ["lambda"] = F(Lambda), ["max_items"] = F(MaxItems), ["dropout"] = F(Dropout), ["min_rating"] = F(MinRating), ["rating_weighted"] = RatingWeighted ? "true" : "false" };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        Modelled = Enumerable.Range(0, data.ItemCount).Where(i => data.ItemDegree(i) > 0)
            .OrderByDescending(data.ItemDegree).ThenBy(i => i).Take(MaxItems).Order().ToArray();
        BuildColumns(data);
        var m = Modelled.Length;
        var g = new float[m * m];
        // G = XᵀX: per user, add x_ua x_ub to every pair of modelled items; rows split across threads by item.
        var userCols = new (int Column, float Value)[data.UserCount][];
        for (var u = 0; u < data.UserCount; u++)
        {
            var cols = new List<(int, float)>();
            var items = data.ItemsOf(u);
            var vals = data.ValuesOf(u);
            for (var k = 0; k < items.Length; k++)
                if (_column[items[k]] >= 0 && Input(vals[k], data.Scale) is var x and > 0) cols.Add((_column[items[k]], x));
            userCols[u] = [.. cols];
        }
        Parallel.For(0, m, a =>
        {
            var row = g.AsSpan(a * m, m);
            var users = data.UsersOf(Modelled[a]);
            var vals = data.ItemRatingsOf(Modelled[a]);
            for (var k = 0; k < users.Length; k++)
                if (Input(vals[k], data.Scale) is var xa and > 0)
                    foreach (var (b, xb) in userCols[users[k]]) row[b] += xa * xb;
            row[a] += Lambda + Dropout / (1 - Dropout) * row[a];
        });
        progress?.Report(0.1);
        InvertSpd(g, m, progress);
        var diag = new float[m];
        for (var a = 0; a < m; a++) diag[a] = g[a * m + a];
        Parallel.For(0, m, a =>
        {
            var row = g.AsSpan(a * m, m);
            for (var b = 0; b < m; b++) row[b] = a == b ? 0 : -row[b] / diag[b];
        });
        B = g;
    }

    /// <summary>In-place inverse of an SPD matrix by Gauss-Jordan elimination without pivoting.</summary>
    internal static void InvertSpd(float[] a, int n, IProgress<double>? progress = null)
    {
        var pivotRow = new float[n];
        for (var k = 0; k < n; k++)
        {
            var pivot = a[k * n + k];
            var rowK = a.AsSpan(k * n, n);
            rowK[k] = 1;
            TensorPrimitives.Multiply(rowK, 1 / pivot, rowK);
            rowK.CopyTo(pivotRow);
            var kk = k;
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                if (i == kk) return;
                var rowI = a.AsSpan(i * n, n);
                var f = rowI[kk];
                if (f == 0) return;
                rowI[kk] = 0;
                TensorPrimitives.MultiplyAdd(pivotRow, -f, rowI, rowI);
            });
            if (progress is not null && k % 256 == 0) progress.Report(0.1 + 0.85 * k / n);
        }
    }

    private void BuildColumns(RatingMatrix data)
    {
        _column = new int[data.ItemCount];
        Array.Fill(_column, -1);
        for (var c = 0; c < Modelled.Length; c++) _column[Modelled[c]] = c;
    }

    /// <summary>The user-item matrix entry for a rating: 0 when it is not used as a positive.</summary>
    private float Input(float rating, RatingScale scale)
        => rating < MinRating ? 0 : RatingWeighted ? rating / scale.Max : 1;

    public override void Score(int userInner, Span<float> scores)
    {
        var data = Data;
        var items = data.ItemsOf(userInner);
        var vals = data.ValuesOf(userInner);
        var row = new List<(int, float)>(items.Length);
        for (var k = 0; k < items.Length; k++) if (Input(vals[k], data.Scale) is var x and > 0) row.Add((items[k], x));
        ScoreRow(row, scores);
    }

    private void ScoreRow(IReadOnlyList<(int Item, float Value)> row, Span<float> scores)
    {
        var m = Modelled.Length;
        var acc = new float[m];
        foreach (var (i, x) in row)
            if (_column[i] is var c and >= 0) TensorPrimitives.MultiplyAdd(B.AsSpan(c * m, m), x, acc, acc);
        // unmodelled items rank after all modelled ones, by popularity
        var pop = PopularityScores();
        var floor = m == 0 ? 0 : TensorPrimitives.Min(acc) - 1;
        for (var i = 0; i < scores.Length; i++) scores[i] = floor - 1 / (1 + pop[i]);
        for (var c = 0; c < m; c++) scores[Modelled[c]] = acc[c];
    }

    /// <summary>The EASE row of the stated likes (no retraining).</summary>
    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
        => ScoreRow(ratings.Select(r => (r.Item, Input(r.Value, Data.Scale))).Where(r => r.Item2 > 0).ToList(), scores);

    public IReadOnlyList<(int Item, float Similarity)> SimilarItems(int itemInner, int count)
    {
        if (_column[itemInner] is not (var c and >= 0)) return [];
        var m = Modelled.Length;
        var row = B.AsSpan(c * m, m).ToArray();
        row[c] = float.NegativeInfinity;
        return TopK.SelectIndices(row, count).Select(k => (Modelled[k], row[k])).ToList();
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Name); w.Write(Lambda); w.Write(MaxItems); w.Write(Dropout); w.Write(MinRating); w.Write(RatingWeighted);
        WriteArray(w, Modelled); WriteArray(w, B);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Name = r.ReadString(); Lambda = r.ReadSingle(); MaxItems = r.ReadInt32(); Dropout = r.ReadSingle(); MinRating = r.ReadSingle(); RatingWeighted = r.ReadBoolean();
        Modelled = ReadInts(r); B = ReadFloats(r);
        if (Modelled.Any(i => i < 0 || i >= data.ItemCount)) throw new ModelFormatException("EASE model file: item index out of range.");
        CheckLength(B, Modelled.Length * Modelled.Length, "weights");
        BuildColumns(data);
    }
}
