using MovieRec.Core.Domain;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Tests.Recommenders;

namespace MovieRec.Engine.Tests.Evaluation;

public class SplitAndMetricTests
{
    private static readonly List<Rating> Ratings = SyntheticRatings.Generate(200, 100, seed: 9);

    [Fact]
    public void KFoldTestSetsPartitionTheRatingsInEqualFolds()
    {
        var folds = Splits.RatingKFold(Ratings, 42).ToList();
        Assert.Equal(5, folds.Count);
        var tests = folds.SelectMany(f => f.Test).ToList();
        Assert.Equal(Ratings.Count, tests.Count);
        Assert.Equal(Ratings.Count, tests.Distinct().Count());
        Assert.All(folds, f => Assert.InRange(f.Test.Count, Ratings.Count / 5, Ratings.Count / 5 + 1));
        Assert.All(folds, f => Assert.Equal(Ratings.Count, f.Train.Count + f.Test.Count));
        Assert.Empty(folds[0].Train.Intersect(folds[0].Test));
        Assert.Equal(folds[2].Test, Splits.RatingKFold(Ratings, 42).ElementAt(2).Test); // deterministic
        Assert.NotEqual(folds[0].Test, Splits.RatingKFold(Ratings, 43).First().Test);
    }

    [Fact]
    public void HoldoutKeepsTwentyPercentPerUserAndSimulatesColdStart()
    {
        var split = Splits.RankingHoldout(Ratings, 42);
        foreach (var g in Ratings.GroupBy(r => r.UserId))
        {
            var test = split.Test.Count(r => r.UserId == g.Key);
            Assert.Equal(Math.Max(1, (int)Math.Round(0.2 * g.Count(), MidpointRounding.AwayFromZero)), test);
            Assert.Equal(g.Count() - test, split.Train.Count(r => r.UserId == g.Key));
        }
        var users = Ratings.Select(r => r.UserId).Distinct().Count();
        Assert.InRange(split.ColdUsers.Count, (int)(0.2 * users), users);
        Assert.All(split.ColdUsers, u => Assert.InRange(split.ColdTrain.Count(r => r.UserId == u), 1, 5));
        Assert.Empty(split.Train.Select(r => (r.UserId, r.MovieId)).Intersect(split.Test.Select(r => (r.UserId, r.MovieId))));
    }

    [Fact]
    public void RankingMetricsMatchHandComputedValues()
    {
        var acc = new RankingAccumulator(4, catalogSize: 10, popularityShare: m => m == 1 ? 0.5 : 0.25);
        acc.Add([1, 2, 3, 4], new HashSet<int> { 2, 4, 9 });   // hits at ranks 2 and 4
        acc.Add([5, 6, 7, 8], new HashSet<int> { 5 });         // hit at rank 1
        acc.Add([1, 2, 3, 4], new HashSet<int>());             // no relevant movie: skipped
        var m = acc.Results();
        Assert.Equal(2, acc.Users);
        Assert.Equal(1, acc.Skipped);
        Assert.Equal((2 / 4.0 + 1 / 4.0) / 2, m["Precision@4"], 10);
        Assert.Equal((2 / 3.0 + 1.0) / 2, m["Recall@4"], 10);
        var dcg1 = 1 / Math.Log2(3) + 1 / Math.Log2(5);
        var idcg1 = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal((dcg1 / idcg1 + 1.0) / 2, m["NDCG@4"], 10);
        Assert.Equal(((1 / 2.0 + 2 / 4.0) / 3 + 1.0) / 2, m["MAP@4"], 10);
        Assert.Equal((1 / 2.0 + 1.0) / 2, m["MRR@4"], 10);
        Assert.Equal(1.0, m["HitRate@4"], 10);
        double p = m["Precision@4"], r = m["Recall@4"];
        Assert.Equal(2 * p * r / (p + r), m["F1@4"], 10);
        Assert.Equal(8 / 10.0, m["Coverage@4"], 10);
        Assert.Equal((1 + 7 * 2) / 8.0, m["Novelty@4"], 10);
    }

    [Fact]
    public void RatingErrorsComputeRmseAndMae()
    {
        var e = new RatingErrors();
        e.Add(3, 4);
        e.Add(5, 3);
        Assert.Equal(Math.Sqrt(2.5), e.Rmse, 10);
        Assert.Equal(1.5, e.Mae, 10);
    }

    [Fact]
    public void ReportJsonUsesTheAgreedNames()
    {
        var report = new EvaluationReport
        {
            Dataset = "ml-100k", Protocol = "rating-kfold", Seed = 42, Machine = new MachineInfo(2, "linux", "10.0"),
            Results = [new ModelResult { Model = "mf", FitSeconds = 0.12, Params = new() { ["factors"] = "100" }, Metrics = new() { ["RMSE"] = 0.91, ["MAE"] = 0.72 } }],
        };
        var json = report.ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("ml-100k", root.GetProperty("dataset").GetString());
        Assert.Equal(10, root.GetProperty("k").GetInt32());
        var result = root.GetProperty("results")[0];
        Assert.Equal(0.12, result.GetProperty("fit_seconds").GetDouble());
        Assert.Equal(0.91, result.GetProperty("metrics").GetProperty("RMSE").GetDouble());
        Assert.Equal("100", result.GetProperty("params").GetProperty("factors").GetString());
        Assert.Equal(report.Results[0].Metrics, EvaluationReport.FromJson(json).Results[0].Metrics);
        Assert.Contains("| mf | 0.12 | 0.9100 | 0.7200 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void RunnerRejectsBadInputClearly()
    {
        var ds = new MovieDataset { Name = "synthetic", Movies = [], Users = [], Ratings = Ratings, Scale = RatingScale.WholeStars };
        Assert.Contains("Unknown protocol", Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(ds, "nope", ["mf"])).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown model", Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(ds, "rating-kfold", ["nope"])).Message, StringComparison.Ordinal);
        var empty = new MovieDataset { Name = "empty", Movies = [], Users = [], Ratings = [] };
        Assert.Contains("no ratings", Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(empty, "rating-kfold", ["mf"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RankOnlyModelsAreNotedInRatingProtocolAndUnknownTestUsersGetTheFallback()
    {
        var ds = new MovieDataset { Name = "synthetic", Movies = [], Users = [], Ratings = Ratings, Scale = RatingScale.WholeStars };
        var report = EvaluationRunner.Run(ds, "rating-kfold", ["baseline", "ease"], new EvaluationOptions { MaxFolds = 1 });
        Assert.InRange(report.Results[0].Metrics["RMSE"], 0.3, 1.2);
        Assert.Contains("ranks only", report.Results[1].Note, StringComparison.Ordinal);
        Assert.Contains("first 1 of 5", report.Notes, StringComparison.Ordinal);
    }
}
