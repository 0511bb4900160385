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

    /// <summary>
    /// In-place inverse of an SPD matrix by Gauss-Jordan elimination without pivoting, a block of pivots at a time: each
    /// block updates the rest of the matrix once (a rank-64 update, in column tiles that stay in cache), so the matrix
    /// streams from memory n/64 times instead of n times (3,000 items: 9 s before).
    /// </summary>
    internal static void InvertSpd(float[] a, int n, IProgress<double>? progress = null)
    {
        const int Block = 64, Tile = 512;
        var pivotRows = new float[Block * n];
        var inverse = new float[Block * Block];
        for (var k0 = 0; k0 < n; k0 += Block)
        {
            var b = Math.Min(Block, n - k0);
            // the pivot block's own inverse (scalar Gauss-Jordan on b x b)
            for (var r = 0; r < b; r++) a.AsSpan((k0 + r) * n + k0, b).CopyTo(inverse.AsSpan(r * b, b));
            InvertSmall(inverse.AsSpan(0, b * b), b);
            // the pivot rows become inverse * old pivot rows; their pivot columns, the inverse itself
            for (var r = 0; r < b; r++)
            {
                var row = pivotRows.AsSpan(r * n, n);
                row.Clear();
                for (var j = 0; j < b; j++) TensorPrimitives.MultiplyAdd(a.AsSpan((k0 + j) * n, n), inverse[r * b + j], row, row);
                inverse.AsSpan(r * b, b).CopyTo(row.Slice(k0, b));
            }
            for (var r = 0; r < b; r++) pivotRows.AsSpan(r * n, n).CopyTo(a.AsSpan((k0 + r) * n, n));
            // every other row i: row_i -= a_iK * pivot rows, with a_iK zeroed first so that it ends as -a_iK * inverse
            var k = k0;
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => new float[Block], (i, _, f) =>
            {
                if (i >= k && i < k + b) return f;
                var row = a.AsSpan(i * n, n);
                row.Slice(k, b).CopyTo(f);
                row.Slice(k, b).Clear();
                for (var c0 = 0; c0 < n; c0 += Tile)
                {
                    var width = Math.Min(Tile, n - c0);
                    var target = row.Slice(c0, width);
                    for (var j = 0; j < b; j++)
                        if (f[j] != 0) TensorPrimitives.MultiplyAdd(pivotRows.AsSpan(j * n + c0, width), -f[j], target, target);
                }
                return f;
            }, _ => { });
            progress?.Report(0.1 + 0.85 * Math.Min(n, k0 + b) / n);
        }
    }

    /// <summary>Scalar in-place Gauss-Jordan inverse of a small SPD matrix (a pivot block).</summary>
    private static void InvertSmall(Span<float> a, int n)
    {
        for (var k = 0; k < n; k++)
        {
            var rowK = a.Slice(k * n, n);
            var pivot = rowK[k];
            rowK[k] = 1;
            TensorPrimitives.Multiply(rowK, 1 / pivot, rowK);
            for (var i = 0; i < n; i++)
            {
                if (i == k) continue;
                var rowI = a.Slice(i * n, n);
                var f = rowI[k];
                if (f == 0) continue;
                rowI[k] = 0;
                TensorPrimitives.MultiplyAdd(rowK, -f, rowI, rowI);
            }
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
