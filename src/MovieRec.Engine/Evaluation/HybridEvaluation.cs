using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Text.Documents;

namespace MovieRec.Engine.Evaluation;

/// <summary>Top-10 metrics of one recommender on the ranking-holdout split, for all users and for the cold-start slice.</summary>
public sealed record HoldoutComparison(string Model, IReadOnlyDictionary<string, double> All, IReadOnlyDictionary<string, double> Cold, int Users, int ColdUsers);

/// <summary>
/// The hybrid measured with the protocols of ../shared/EVALUATION.md, beside its own collaborative model:
/// ranking-holdout (all users and the cold-start slice) and tag-queries (with a query, against content-only retrieval).
/// </summary>
public static class HybridEvaluation
{
    /// <summary>
    /// Trains on the ranking-holdout split and ranks, for every test user, all movies they did not rate in training:
    /// once with the hybrid and once with collaborative weights only (the same model, so the comparison is fair).
    /// </summary>
    public static IReadOnlyList<HoldoutComparison> RankingHoldout(MovieDataset dataset, EngineOptions options, HybridOptions hybrid, int seed = 42, int k = 10)
    {
        var split = Splits.RankingHoldout(dataset.Ratings, seed);
        var train = new MovieDataset
        {
            Name = $"{dataset.Name}-holdout-{seed}",
            Movies = dataset.Movies,
            Ratings = split.ColdTrain, // the training set with the simulated cold-start users (as before Split.ColdTrain existed)
            Tags = dataset.Tags,
            Users = dataset.Users,
            Scale = dataset.Scale,
        };
        var engine = EngineBuilder.Build(train, options, hybrid, MovieDocumentOptions.Full);
        var collaborativeOnly = new HybridOptions
        {
            CollaborativeWeight = 1, ContentWeight = 0, SentimentWeight = 0, PopularityWeight = 0, CollaborativeConfidenceRatings = 0, MmrLambda = 1,
            CandidatePool = hybrid.CandidatePool,
        };
        var pure = new HybridRecommender(train.Movies.ToDictionary(m => m.Id), engine.Ratings, engine.Hybrid.Collaborative, engine.Hybrid.Content, null, collaborativeOnly);

        var relevant = split.Test.Where(r => r.Value >= 4f).GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(r => r.MovieId).ToHashSet());
        var testUsers = split.Test.Select(r => r.UserId).Distinct().Order().ToList();
        var raters = engine.Ratings.UserCount;
        double Share(int movieId) => (double)engine.Stats.Count(movieId) / raters;

        return [Measure("hybrid", engine.Hybrid), Measure("collaborative", pure)];

        HoldoutComparison Measure(string name, HybridRecommender recommender)
        {
            var all = new RankingAccumulator(k, dataset.Movies.Count, Share);
            var cold = new RankingAccumulator(k, dataset.Movies.Count, Share);
            foreach (var user in testUsers)
            {
                var result = recommender.RecommendAsync(new HybridRequest { UserId = user, K = k, AllowSameFranchise = true }).GetAwaiter().GetResult();
                var ids = result.Items.Select(i => i.Movie.Id).ToList();
                var rel = relevant.GetValueOrDefault(user) ?? new HashSet<int>();
                all.Add(ids, rel);
                if (split.ColdUsers.Contains(user)) cold.Add(ids, rel);
            }
            return new HoldoutComparison(name, all.Results(), cold.Results(), all.Users, cold.Users);
        }
    }

    /// <summary>
    /// tag-queries with the hybrid (descriptions without tags, no user): each tag text is the query; returns Recall@k
    /// and NDCG@k for the hybrid and for content-only retrieval through the same index.
    /// </summary>
    public static IReadOnlyList<TagQueryResult> TagQueries(MovieDataset dataset, EngineOptions options, HybridOptions hybrid, int k = TagQueryEvaluation.DefaultK)
    {
        var engine = EngineBuilder.Build(dataset, options, hybrid, MovieDocumentOptions.WithoutTags);
        var queries = TagQueryEvaluation.BuildQueries(dataset.Tags);
        var contentOnly = new HybridOptions { CollaborativeWeight = 0, ContentWeight = 1, SentimentWeight = 0, PopularityWeight = 0, MmrLambda = 1, CandidatePool = hybrid.CandidatePool };
        // no tag sentiment here: it is computed from the very tags the queries come from
        var blended = new HybridRecommender(dataset.Movies.ToDictionary(m => m.Id), engine.Ratings, engine.Hybrid.Collaborative, engine.Hybrid.Content, null, hybrid);
        var content = new HybridRecommender(dataset.Movies.ToDictionary(m => m.Id), engine.Ratings, engine.Hybrid.Collaborative, engine.Hybrid.Content, null, contentOnly);
        TagQueryEvaluation.Ranker Rank(HybridRecommender r) => (query, n) =>
            r.RecommendAsync(new HybridRequest { Query = query, K = n, AllowSameFranchise = true }).GetAwaiter().GetResult().Items.Select(i => i.Movie.Id).ToList();
        return [TagQueryEvaluation.Evaluate("hybrid", queries, Rank(blended), k), TagQueryEvaluation.Evaluate("content-only", queries, Rank(content), k)];
    }
}
