namespace MovieRec.Engine.Recommenders;

/// <summary>
/// A linear blend of rating predictors (stacking), fitted honestly on training data only: a seeded
/// <see cref="HoldoutShare"/> of the training ratings is held out, every component is fitted on the rest and the
/// blend weights w minimize sum (r - w · [1, r̂_1 .. r̂_m, r̂_1 g_u .. r̂_m g_u])^2 + ridge |w|^2 over the holdout,
/// where g_u = log(1 + |I_u|) / 5 and h_i = log(1 + |U_i|) / 5 (also multiplied with each prediction) let the weights
/// depend on how much the user rated and the movie was rated (feature-weighted stacking).
/// Then the components are refitted on all training data and combined with w.
/// Default components (chosen on a holdout of ml-100k training data): mf-tuned, svdpp-tuned, knnbaseline,
/// knnbaseline-user, fm, baseline, mf, svdpp, userknn, itemknn.
/// </summary>
public sealed class Blend(SideInfo? side = null) : Recommender, IRatingPredictor
{
    public IReadOnlyList<string> Components { get; set; } = ["mf-tuned", "svdpp-tuned", "knnbaseline", "knnbaseline-user", "fm", "baseline", "mf", "svdpp", "userknn", "itemknn"];
    public double HoldoutShare { get; set; } = 0.1;
    public double Ridge { get; set; } = 1.0;
    public int Seed { get; set; } = 42;

    internal double[] Weights = [];
    private Recommender[] _models = [];

    public override string Kind => "blend";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["components"] = string.Join('+', Components), ["holdout"] = F(HoldoutShare), ["ridge"] = F(Ridge), ["seed"] = F(Seed) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        // split the training ratings: a seeded holdout share per rating, keeping every user's first rating in training
        var rng = new Random(Seed);
        var fitPart = new List<Core.Domain.Rating>(data.RatingCount);
        var holdout = new List<Core.Domain.Rating>();
        for (var u = 0; u < data.UserCount; u++)
        {
            var items = data.ItemsOf(u);
            var vals = data.ValuesOf(u);
            for (var k = 0; k < items.Length; k++)
            {
                var r = new Core.Domain.Rating(data.UserIds[u], data.ItemIds[items[k]], vals[k], 0);
                if (k > 0 && rng.NextDouble() < HoldoutShare) holdout.Add(r); else fitPart.Add(r);
            }
        }
        var inner = RatingMatrix.Build(fitPart, data.Scale);
        var m = Components.Count;
        var features = new double[holdout.Count][];
        var models = Components.Select(c => RecommenderCatalog.Create(c, side)).ToArray();
        for (var c = 0; c < m; c++)
        {
            if (models[c] is not IRatingPredictor) throw new ArgumentException($"Blend component '{Components[c]}' does not predict ratings.");
            models[c].Fit(inner);
            progress?.Report(0.5 * (c + 1) / m);
        }
        for (var h = 0; h < holdout.Count; h++)
        {
            var r = holdout[h];
            int u = inner.UserInner(r.UserId) ?? -1, i = inner.ItemInner(r.MovieId) ?? -1;
            var preds = models.Select(mo => (double)data.Scale.Clip(((IRatingPredictor)mo).Predict(u, i))).ToArray();
            features[h] = Features(preds, u >= 0 ? inner.UserDegree(u) : 0, i >= 0 ? inner.ItemDegree(i) : 0);
        }
        Weights = SolveRidge(features, holdout.Select(r => (double)r.Value).ToArray(), Ridge);
        for (var c = 0; c < m; c++)
        {
            models[c].Fit(data);
            progress?.Report(0.5 + 0.5 * (c + 1) / m);
        }
        _models = models;
    }

    private static double[] Features(double[] preds, int userDegree, int itemDegree)
    {
        double g = Math.Log(1 + userDegree) / 5, h = Math.Log(1 + itemDegree) / 5;
        var m = preds.Length;
        var x = new double[1 + 3 * m];
        x[0] = 1;
        for (var c = 0; c < m; c++) { x[1 + c] = preds[c]; x[1 + m + c] = preds[c] * g; x[1 + 2 * m + c] = preds[c] * h; }
        return x;
    }

    private static double[] SolveRidge(double[][] x, double[] y, double ridge)
    {
        var d = x.Length == 0 ? 1 : x[0].Length;
        var a = new double[d * d];
        var b = new double[d];
        for (var n = 0; n < x.Length; n++)
            for (var p = 0; p < d; p++)
            {
                b[p] += x[n][p] * y[n];
                for (var q = 0; q < d; q++) a[p * d + q] += x[n][p] * x[n][q];
            }
        for (var p = 1; p < d; p++) a[p * d + p] += ridge; // no penalty on the intercept
        a[0] += 1e-9;
        Kernels.SolveSpd(a, b, d);
        return b;
    }

    public float Predict(int u, int i)
    {
        var data = Data;
        var preds = _models.Select(mo => (double)data.Scale.Clip(((IRatingPredictor)mo).Predict(u, i))).ToArray();
        var x = Features(preds, u >= 0 ? data.UserDegree(u) : 0, i >= 0 ? data.ItemDegree(i) : 0);
        double s = 0;
        for (var p = 0; p < x.Length; p++) s += Weights[p] * x[p];
        return (float)s;
    }

    public override void Score(int userInner, Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = Predict(userInner, i);
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Components.Count);
        foreach (var c in Components) w.Write(c);
        w.Write(HoldoutShare); w.Write(Ridge); w.Write(Seed);
        w.Write(Weights.Length);
        foreach (var x in Weights) w.Write(x);
        foreach (var mo in _models) ModelFile.WriteNested(w, mo);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        var n = r.ReadInt32();
        Components = Enumerable.Range(0, n).Select(_ => r.ReadString()).ToArray();
        HoldoutShare = r.ReadDouble(); Ridge = r.ReadDouble(); Seed = r.ReadInt32();
        Weights = new double[r.ReadInt32()];
        for (var k = 0; k < Weights.Length; k++) Weights[k] = r.ReadDouble();
        _models = new Recommender[n];
        for (var c = 0; c < n; c++) _models[c] = ModelFile.ReadNested(r, data, side, $"blend component {Components[c]}");
    }
}
