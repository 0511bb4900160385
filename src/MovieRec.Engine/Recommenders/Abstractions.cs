namespace MovieRec.Engine.Recommenders;

/// <summary>A recommended movie (raw id) and its model score.</summary>
public readonly record struct ScoredMovie(int MovieId, float Score);

/// <summary>Predicts an explicit rating. Inner indices; -1 means "unknown user/item" and must give the model's fallback (global mean + known biases).</summary>
public interface IRatingPredictor
{
    float Predict(int u, int i);
}

/// <summary>Scores every item (inner index) for a known user; higher is better.</summary>
public interface IRanker
{
    void Score(int userInner, Span<float> scores);
}

/// <summary>Scores every item for a user who is not in the training data, from a few stated likes or ratings (fold-in, no retraining).</summary>
public interface IFoldIn
{
    void ScoreNewUser(IReadOnlyList<(int Item, float Value)> ratings, Span<float> scores);
}

/// <summary>Items similar to one item (inner indices), best first.</summary>
public interface ISimilarItems
{
    IReadOnlyList<(int Item, float Similarity)> SimilarItems(int itemInner, int count);
}

/// <summary>The base interface of every model (after benfred/implicit and Surprise's AlgoBase).</summary>
public interface IRecommender : IRanker
{
    /// <summary>Short kind name, e.g. "mf", used by the catalog, the reports and the model files.</summary>
    string Kind { get; }
    /// <summary>Hyper-parameters as strings, for reports and model headers.</summary>
    IReadOnlyDictionary<string, string> Params { get; }
    RatingMatrix Data { get; }
    bool IsFitted { get; }
    void Fit(RatingMatrix data, IProgress<double>? progress = null);
    /// <summary>Top-k movies (raw ids) for a raw user id; an unknown user gets the popularity fallback.</summary>
    IReadOnlyList<ScoredMovie> Recommend(int userId, int k, bool excludeSeen = true);
    void Save(string path);
}
