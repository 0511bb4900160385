using MovieRec.Core.Domain;

namespace MovieRec.Engine.Recommenders;

/// <summary>Side information some models use (FM: genres, years, demographics; k-means: demographics for cold start).</summary>
public sealed record SideInfo(IReadOnlyList<Movie> Movies, IReadOnlyList<User> Users)
{
    public static SideInfo From(MovieDataset dataset) => new(dataset.Movies, dataset.Users);
}

/// <summary>Creates models by their short names (the names used by the CLI, the reports and the model files).</summary>
public static class RecommenderCatalog
{
    private static readonly Dictionary<string, Func<SideInfo?, Recommender>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pop"] = _ => new Popularity(Popularity.Mode.Count),
        ["pop-bayes"] = _ => new Popularity(Popularity.Mode.BayesianAverage),
        ["baseline"] = _ => new BaselineOnly(),
        ["mf"] = _ => new BiasedMf(),
        ["mf-tuned"] = _ => BiasedMf.Tuned(),
        ["svdpp"] = _ => new SvdPlusPlus(),
        ["svdpp-tuned"] = _ => SvdPlusPlus.Tuned(),
        ["knnbaseline-user"] = _ => Knn.KnnBaselineUser(),
        ["blend"] = side => new Blend(side),
        ["itemknn"] = _ => Knn.ItemKnn(),
        ["userknn"] = _ => Knn.UserKnn(),
        ["userknn-cos"] = _ => new Knn { Name = "userknn-cos", UserBased = true, Similarity = KnnSimilarity.Cosine, K = 50 },
        ["knnbaseline"] = _ => Knn.KnnBaseline(),
        ["ease"] = _ => new Ease(),
        ["ease-liked"] = _ => new Ease { Name = "ease-liked", MinRating = 3.5f, Lambda = 150 }, // λ chosen on an inner holdout of ml-latest-small training data
        ["ease-rated"] = _ => new Ease { Name = "ease-rated", RatingWeighted = true, Lambda = 150 }, // λ chosen on an inner holdout of ml-latest-small training data
        ["edlae"] = _ => new Ease { Name = "edlae", Dropout = 0.25f },
        ["gfcf"] = _ => new GraphFilter(),
        // weights chosen on the ranking-recbole validation split of ml-100k; ALS's settings are its own best there
        ["ease-gfcf-als"] = side => new ScoreBlend("ease-gfcf-als", side,
            (Create("ease-rated"), 1f), (new GraphFilter(), 0.3f), (new ImplicitAls { Factors = 16, Regularization = 10, Alpha = 1 }, 1.5f)),
        ["als"] = _ => new ImplicitAls(),
        ["fm"] = side => new FactorizationMachine(side),
        ["kmeans"] = side => new UserClusters(side),
        ["ncf"] = _ => new NeuralCf(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static Recommender Create(string name, SideInfo? side = null)
    {
        if (!Factories.TryGetValue(name.Trim(), out var factory))
            throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Factories.Keys)}.", nameof(name));
        return factory(side);
    }

    /// <summary>Models that predict ratings (usable with the rating-kfold protocol).</summary>
    public static bool PredictsRatings(string name) => Create(name, null) is IRatingPredictor;
}
