using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// A ranking ensemble: every part scores the catalog for the user, each part's scores are standardized per user
/// (mean 0, standard deviation 1 over the catalog, so parts on different scales mix) and summed with the weights.
/// The parts are catalog models, fitted on the same data and saved inside this model's file.
/// </summary>
public sealed class ScoreBlend(string name, SideInfo? side, params (Recommender Model, float Weight)[] parts) : Recommender, IFoldIn
{
    public IReadOnlyList<(Recommender Model, float Weight)> Parts { get; private set; } = parts;

    public override string Kind => name;
    public override IReadOnlyDictionary<string, string> Params
    {
        get
        {
            var p = new Dictionary<string, string> { ["parts"] = string.Join('+', Parts.Select(x => $"{x.Model.Kind}*{F(x.Weight)}")) };
            foreach (var (model, _) in Parts)
                foreach (var (key, value) in model.Params) p[$"{model.Kind}.{key}"] = value;
            return p;
        }
    }

    /// <summary>Sets one part's weight (the validation grid tunes it).</summary>
    public void SetWeight(int part, float weight) => Parts = Parts.Select((x, k) => k == part ? (x.Model, weight) : x).ToArray();

    protected override void FitCore(RatingMatrix data, IProgress<double>? progress)
    {
        for (var k = 0; k < Parts.Count; k++)
        {
            Parts[k].Model.Fit(data);
            progress?.Report((k + 1.0) / Parts.Count);
        }
    }

    public override void Score(int userInner, Span<float> scores) => Combine(scores, (model, s) => model.Score(userInner, s));

    public void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores)
        => Combine(scores, (model, s) =>
        {
            if (model is not IFoldIn foldIn) throw new NotSupportedException($"Part '{model.Kind}' of '{Kind}' cannot score a new user.");
            foldIn.ScoreNewUser(ratings, s);
        });

    private void Combine(Span<float> scores, Action<Recommender, float[]> score)
    {
        scores.Clear();
        var part = new float[scores.Length];
        foreach (var (model, weight) in Parts)
        {
            score(model, part);
            var mean = TensorPrimitives.Sum<float>(part) / part.Length;
            TensorPrimitives.Subtract(part, mean, part);
            var sd = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(part) / part.Length);
            if (sd > 0) TensorPrimitives.MultiplyAdd(part, weight / sd, scores, scores);
        }
    }

    protected override void WriteState(BinaryWriter w)
    {
        w.Write(Parts.Count);
        foreach (var (model, weight) in Parts)
        {
            w.Write(weight);
            ModelFile.WriteNested(w, model);
        }
    }

    protected override void ReadState(BinaryReader r, RatingMatrix data)
    {
        var n = r.ReadInt32();
        if (n < 1 || n > 16) throw new ModelFormatException($"Model file: '{Kind}' has {n} parts.");
        var loaded = new (Recommender, float)[n];
        for (var k = 0; k < n; k++)
        {
            var weight = r.ReadSingle();
            loaded[k] = (ModelFile.ReadNested(r, data, side, $"part {k + 1} of {Kind}"), weight);
        }
        Parts = loaded;
    }
}
