using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Engine.Evaluation;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Evaluation;

/// <summary>
/// Quality on the real datasets with fixed seeds and small margins. Kept short (one fold, a few models);
/// the full 5-fold runs are in tests/MovieRec.Benchmarks (cf-rating, cf-ranking).
/// </summary>
public class MovieLensQualityTests
{
    private static readonly Lazy<MovieDataset> Ml100k = new(() => DatasetLoader.Load(SharedData.MovieLens("ml-100k")));

    [Fact]
    public void RecBoleSplitOfMl100kKeepsThePublishedCounts()
    {
        var split = Splits.RecBole(Ml100k.Value.Ratings, 42);
        var all = split.Train.Concat(split.Validation).Concat(split.Test).ToList();
        Assert.Equal(80_393, all.Count);
        Assert.Equal(939, all.Select(r => r.UserId).Distinct().Count());
        Assert.Equal(1_016, all.Select(r => r.MovieId).Distinct().Count());
        Assert.All(all, r => Assert.InRange(r.Value, 3f, 5f));
    }

    [Fact]
    public void RatingPredictionOnOneFoldOfMl100k()
    {
        var report = EvaluationRunner.Run(Ml100k.Value, "rating-kfold", ["baseline", "mf-tuned", "svdpp"], new EvaluationOptions { Seed = 42, MaxFolds = 1 });
        var rmse = report.Results.ToDictionary(r => r.Model, r => r.Metrics["RMSE"]);
        // Surprise (5-fold): BaselineOnly 0.944, SVD 0.934, SVD++ 0.919
        Assert.InRange(rmse["baseline"], 0.93, 0.955);
        Assert.True(rmse["mf-tuned"] <= 0.916, $"mf-tuned RMSE {rmse["mf-tuned"]:0.0000}");
        Assert.True(rmse["svdpp"] <= 0.925, $"svdpp RMSE {rmse["svdpp"]:0.0000}");
        Assert.True(rmse["svdpp"] < rmse["baseline"] - 0.015);
    }

    [Fact]
    public void RecBoleRankingOnMl100kOrdersEaseOverItemKnnOverPopularity()
    {
        var report = EvaluationRunner.Run(Ml100k.Value, "ranking-recbole", ["pop", "itemknn", "ease", "ease-gfcf-als"], new EvaluationOptions { Seed = 42 });
        var ndcg = report.Results.ToDictionary(r => r.Model, r => r.Metrics["NDCG@10"]);
        // the best model: rating-weighted EASE with the GF-CF graph filter and ALS (0.3042 on this split)
        Assert.True(ndcg["ease-gfcf-als"] > ndcg["ease"] + 0.008, $"ease-gfcf-als {ndcg["ease-gfcf-als"]:0.0000} ease {ndcg["ease"]:0.0000}");
        Assert.True(ndcg["ease"] > ndcg["itemknn"] + 0.01, $"ease {ndcg["ease"]:0.0000} itemknn {ndcg["itemknn"]:0.0000}");
        Assert.True(ndcg["itemknn"] > ndcg["pop"] + 0.05);
        Assert.InRange(ndcg["ease"], 0.285, 0.33);   // RecBole reference (ml-1m) 0.2865; independent ml-100k EASE about 0.30
        Assert.InRange(ndcg["pop"], 0.10, 0.16);     // about 0.13
        Assert.Equal(939, report.Results[0].UsersEvaluated);
    }

    [Fact]
    public void HoldoutRankingOnMl100kBeatsPopularityAndReportsTheColdSlice()
    {
        var report = EvaluationRunner.Run(Ml100k.Value, "ranking-holdout", ["pop", "ease-liked"], new EvaluationOptions { Seed = 42 });
        var pop = report.Results[0];
        var ease = report.Results[1];
        Assert.True(pop.Metrics["Precision@10"] > 0.05);
        Assert.True(ease.Metrics["Precision@10"] > pop.Metrics["Precision@10"] + 0.05);
        Assert.NotNull(ease.ColdStart);
        Assert.True(ease.ColdStart!["HitRate@10"] > 0);
        Assert.True(ease.UsersEvaluated > 800);
    }

    [Fact]
    public void HoldoutRankingOnMlLatestSmallReachesThePrecisionGoal()
    {
        var dataset = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"));
        var report = EvaluationRunner.Run(dataset, "ranking-holdout", ["pop", "ease-rated"], new EvaluationOptions { Seed = 42 });
        var precision = report.Results.ToDictionary(r => r.Model, r => r.Metrics["Precision@10"]);
        // issue goal: the best model at least 0.23 (one system we replace: 0.174 for its MF, 0.0 for popularity)
        Assert.True(precision["ease-rated"] >= 0.23, $"ease-rated Precision@10 {precision["ease-rated"]:0.0000}");
        Assert.InRange(precision["pop"], 0.09, 0.14);
    }
}
