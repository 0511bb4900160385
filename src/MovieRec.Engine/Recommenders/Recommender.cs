using System.Globalization;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// Common plumbing for every model: raw/inner id mapping, top-k selection that skips seen movies,
/// the popularity fallback for unknown users, and the versioned model file (see <see cref="ModelFile"/>).
/// A model implements <see cref="FitCore"/>, <see cref="Score"/>, and writes/reads its learned state.
/// </summary>
public abstract class Recommender : IRecommender
{
    private RatingMatrix? _data;
    private float[]? _popularity;

    public abstract string Kind { get; }
    public abstract IReadOnlyDictionary<string, string> Params { get; }
    public RatingMatrix Data => _data ?? throw new InvalidOperationException($"Model '{Kind}' is not trained: call Fit or load it first.");
    public bool IsFitted => _data is not null;

    public void Fit(RatingMatrix data, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RatingCount == 0) throw new ArgumentException("Cannot train on an empty set of ratings.", nameof(data));
        _popularity = null;
        FitCore(data, progress);
        _data = data;
        progress?.Report(1.0);
    }

    protected abstract void FitCore(RatingMatrix data, IProgress<double>? progress);
    public abstract void Score(int userInner, Span<float> scores);
    protected abstract void WriteState(BinaryWriter w);
    protected abstract void ReadState(BinaryReader r, RatingMatrix data);

    public IReadOnlyList<ScoredMovie> Recommend(int userId, int k, bool excludeSeen = true)
    {
        var data = Data;
        var scores = new float[data.ItemCount];
        if (!data.TryGetUser(userId, out var u))
        {
            PopularityScores().CopyTo(scores, 0);
            return TopK.Select(data, scores, k, ReadOnlySpan<int>.Empty);
        }
        Score(u, scores);
        return TopK.Select(data, scores, k, excludeSeen ? data.ItemsOf(u) : ReadOnlySpan<int>.Empty);
    }

    /// <summary>Recommends for a user outside the training data from stated ratings (raw movie id, value; a "like" is the scale's maximum).
    /// Unknown movies are ignored; with no usable rating, or for a model without fold-in, the popularity ranking is returned.</summary>
    public IReadOnlyList<ScoredMovie> RecommendForNewUser(IEnumerable<(int MovieId, float Value)> ratings, int k)
    {
        var data = Data;
        var known = new List<(int, float)>();
        foreach (var (movie, value) in ratings)
            if (data.TryGetItem(movie, out var i)) known.Add((i, value));
        var scores = new float[data.ItemCount];
        if (known.Count == 0 || this is not IFoldIn foldIn) PopularityScores().CopyTo(scores, 0);
        else foldIn.ScoreNewUser(known, scores);
        var exclude = known.Select(x => x.Item1).ToArray();
        return TopK.Select(data, scores, k, exclude);
    }

    /// <summary>Predicted rating for raw ids, clipped to the scale; unknown ids get the fallback. Needs <see cref="IRatingPredictor"/>.</summary>
    public float PredictRating(int userId, int movieId)
    {
        if (this is not IRatingPredictor p) throw new NotSupportedException($"Model '{Kind}' ranks movies but does not predict ratings.");
        var data = Data;
        return data.Scale.Clip(p.Predict(data.UserInner(userId) ?? -1, data.ItemInner(movieId) ?? -1));
    }

    /// <summary>Rating counts per item, the fallback ranking for unknown users.</summary>
    protected float[] PopularityScores()
    {
        if (_popularity is { } p) return p;
        var data = Data;
        p = new float[data.ItemCount];
        for (var i = 0; i < p.Length; i++) p[i] = data.ItemDegree(i);
        return _popularity = p;
    }

    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        // write then rename: a reader never sees a half-written model
        var temp = path + ".tmp";
        using (var stream = File.Create(temp)) Save(stream);
        File.Move(temp, path, overwrite: true);
    }

    public void Save(Stream stream)
    {
        var data = Data;
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        ModelFile.WriteHeader(w, Kind, Params, data);
        WriteState(w);
    }

    /// <summary>Reads the learned state after the header was checked; used by <see cref="ModelFile.Load"/>.</summary>
    internal void LoadState(BinaryReader reader, RatingMatrix data)
    {
        ReadState(reader, data);
        _data = data;
        _popularity = null;
    }

    protected static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    protected static string F(int v) => v.ToString(CultureInfo.InvariantCulture);
    protected static string F(float v) => v.ToString(CultureInfo.InvariantCulture);

    protected static void WriteArray(BinaryWriter w, float[] a)
    {
        w.Write(a.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
    }

    protected static float[] ReadFloats(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0) throw new ModelFormatException("Negative array length in model file.");
        var a = new float[n];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan());
        if (r.Read(bytes) != bytes.Length) throw new ModelFormatException("Model file is truncated.");
        return a;
    }

    protected static void WriteArray(BinaryWriter w, int[] a)
    {
        w.Write(a.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
    }

    protected static int[] ReadInts(BinaryReader r)
    {
        var n = r.ReadInt32();
        if (n < 0) throw new ModelFormatException("Negative array length in model file.");
        var a = new int[n];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan());
        if (r.Read(bytes) != bytes.Length) throw new ModelFormatException("Model file is truncated.");
        return a;
    }

    protected static void CheckLength(float[] a, int expected, string what)
    {
        if (a.Length != expected) throw new ModelFormatException($"Model file: {what} has {a.Length} values, expected {expected}.");
    }
}

/// <summary>Top-k selection over a dense score vector, skipping excluded items and non-finite scores.</summary>
public static class TopK
{
    public static IReadOnlyList<ScoredMovie> Select(RatingMatrix data, float[] scores, int k, ReadOnlySpan<int> exclude)
    {
        foreach (var i in exclude) scores[i] = float.NegativeInfinity;
        var idx = SelectIndices(scores, k);
        var result = new ScoredMovie[idx.Length];
        for (var n = 0; n < idx.Length; n++) result[n] = new ScoredMovie(data.ItemIds[idx[n]], scores[idx[n]]);
        return result;
    }

    /// <summary>
    /// Indices of the k largest finite scores (of those <paramref name="keep"/> accepts, when given), best first; ties
    /// go to the lower index (deterministic). A bounded heap: no sort of all the scores.
    /// </summary>
    public static int[] SelectIndices(ReadOnlySpan<float> scores, int k, Func<int, bool>? keep = null)
    {
        if (k <= 0) return [];
        var heap = new Vectors.TopK(k);
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (float.IsNaN(s) || float.IsNegativeInfinity(s)) continue;
            if ((!heap.IsFull || s >= heap.Threshold) && (keep is null || keep(i))) heap.Offer(s, i);
        }
        return heap.BestRows();
    }
}
