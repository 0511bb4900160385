namespace MovieRec.Engine.Recommenders;

/// <summary>
/// Non-personalized popularity. Mode Count ranks by number of ratings ("pop"); mode BayesianAverage ranks by
/// the damped mean (C * m + sum r) / (C + n), with m the global mean and C = <see cref="PriorWeight"/> (default 10)
/// ("pop-bayes"). Predicts the Bayesian average for any user.
/// </summary>
public sealed class Popularity : Recommender, IRatingPredictor, IFoldIn
{
    public enum Mode { Count, BayesianAverage }

    public Mode Ranking { get; set; }
    public float PriorWeight { get; set; } = 10;
    internal float[] Counts = [];
    internal float[] BayesMean = [];

    public Popularity(Mode mode = Mode.Count) => Ranking = mode;

    public override string Kind => Ranking == Mode.Count ? "pop" : "pop-bayes";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["mode"] = Ranking.ToString(), ["prior_weight"] = F(PriorWeight) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        Counts = new float[data.ItemCount];
        BayesMean = new float[data.ItemCount];
        var m = data.GlobalMean;
        for (var i = 0; i < data.ItemCount; i++)
        {
            var vals = data.ItemRatingsOf(i);
            double sum = 0;
            foreach (var v in vals) sum += v;
            Counts[i] = vals.Length;
            BayesMean[i] = (float)((PriorWeight * m + sum) / (PriorWeight + vals.Length));
        }
    }

    public float Predict(int u, int i) => i >= 0 ? BayesMean[i] : Data.GlobalMean;

    public override void Score(int userInner, Span<float> scores) => (Ranking == Mode.Count ? Counts : BayesMean).CopyTo(scores);

    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores) => Score(-1, scores);

    protected override void WriteState(BinaryWriter w)
    {
        w.Write((int)Ranking); w.Write(PriorWeight);
        WriteArray(w, Counts); WriteArray(w, BayesMean);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Ranking = (Mode)r.ReadInt32(); PriorWeight = r.ReadSingle();
        Counts = ReadFloats(r); BayesMean = ReadFloats(r);
        CheckLength(Counts, data.ItemCount, "counts");
        CheckLength(BayesMean, data.ItemCount, "means");
    }
}
