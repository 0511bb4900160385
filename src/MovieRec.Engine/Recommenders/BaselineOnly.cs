namespace MovieRec.Engine.Recommenders;

/// <summary>
/// Baseline estimate b_ui = mu + b_u + b_i (Surprise BaselineOnly, ALS method). Each epoch:
/// b_i = sum_{u in U_i} (r_ui - mu - b_u) / (reg_i + |U_i|), then b_u = sum_{i in I_u} (r_ui - mu - b_i) / (reg_u + |I_u|).
/// Defaults as Surprise: 10 epochs, reg_u = 15, reg_i = 10. Ranking by b_i (a damped item mean).
/// </summary>
public sealed class BaselineOnly : Recommender, IRatingPredictor, IFoldIn
{
    public int Epochs { get; set; } = 10;
    public float RegUser { get; set; } = 15;
    public float RegItem { get; set; } = 10;

    internal float Mu;
    internal float[] UserBias = [];
    internal float[] ItemBias = [];

    public override string Kind => "baseline";
    public override IReadOnlyDictionary<string, string> Params => new Dictionary<string, string>
    { ["epochs"] = F(Epochs), ["reg_u"] = F(RegUser), ["reg_i"] = F(RegItem) };

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        (Mu, UserBias, ItemBias) = Compute(data, Epochs, RegUser, RegItem);
    }

    /// <summary>ALS baselines, shared with kNN (Pearson-baseline, KNNBaseline).</summary>
    internal static (float Mu, float[] Bu, float[] Bi) Compute(RatingMatrix data, int epochs, float regU, float regI)
    {
        var mu = data.GlobalMean;
        var bu = new float[data.UserCount];
        var bi = new float[data.ItemCount];
        for (var e = 0; e < epochs; e++)
        {
            Parallel.For(0, data.ItemCount, i =>
            {
                var users = data.UsersOf(i);
                var vals = data.ItemRatingsOf(i);
                double dev = 0;
                for (var k = 0; k < users.Length; k++) dev += vals[k] - mu - bu[users[k]];
                bi[i] = (float)(dev / (regI + users.Length));
            });
            Parallel.For(0, data.UserCount, u =>
            {
                var items = data.ItemsOf(u);
                var vals = data.ValuesOf(u);
                double dev = 0;
                for (var k = 0; k < items.Length; k++) dev += vals[k] - mu - bi[items[k]];
                bu[u] = (float)(dev / (regU + items.Length));
            });
        }
        return (mu, bu, bi);
    }

    public float Predict(int u, int i)
        => Mu + (u >= 0 ? UserBias[u] : 0) + (i >= 0 ? ItemBias[i] : 0);

    public override void Score(int userInner, Span<float> scores) => ItemBias.CopyTo(scores);

    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores) => ItemBias.CopyTo(scores);

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Epochs); w.Write(RegUser); w.Write(RegItem); w.Write(Mu);
        WriteArray(w, UserBias); WriteArray(w, ItemBias);
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        Epochs = r.ReadInt32(); RegUser = r.ReadSingle(); RegItem = r.ReadSingle(); Mu = r.ReadSingle();
        UserBias = ReadFloats(r); ItemBias = ReadFloats(r);
        CheckLength(UserBias, data.UserCount, "user biases");
        CheckLength(ItemBias, data.ItemCount, "item biases");
    }
}
