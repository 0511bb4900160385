using MovieRec.Core.Data;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Engine.Tests.Hybrid;

/// <summary>Issue 5's quality acceptance on fixed seeds: the hybrid against its own collaborative model and against content-only retrieval.</summary>
public class HybridQualityTests(ITestOutputHelper output)
{
    private static readonly Lazy<Core.Domain.MovieDataset> Dataset = new(() =>
        DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"), new DatasetLoadOptions { MetadataDirectory = SharedData.Root }));

    [Fact]
    public void RankingHoldout_HybridIsNotWorseThanCollaborativeAndBetterForColdStartUsers()
    {
        var results = HybridEvaluation.RankingHoldout(Dataset.Value, EngineFixture.CreateOptions(), new HybridOptions(), seed: 42);
        foreach (var r in results)
            output.WriteLine($"{r.Model}: NDCG@10 {r.All["NDCG@10"]:0.0000} P@10 {r.All["Precision@10"]:0.0000} ({r.Users} users); cold NDCG@10 {r.Cold["NDCG@10"]:0.000000} P@10 {r.Cold["Precision@10"]:0.0000} ({r.ColdUsers} users)");
        var hybrid = results.Single(r => r.Model == "hybrid");
        var collaborative = results.Single(r => r.Model == "collaborative");
        Assert.True(hybrid.All["NDCG@10"] >= collaborative.All["NDCG@10"] - 0.002, "the hybrid is worse than its collaborative model");
        Assert.True(hybrid.Cold["NDCG@10"] > collaborative.Cold["NDCG@10"], "the hybrid does not help cold-start users");
    }

    [Fact]
    public void TagQueries_HybridWithAQueryBeatsContentOnlyRetrieval()
    {
        var results = HybridEvaluation.TagQueries(Dataset.Value, EngineFixture.CreateOptions(), new HybridOptions());
        foreach (var r in results) output.WriteLine($"{r.Model}: Recall@20 {r.RecallAtK:0.0000} NDCG@20 {r.NdcgAtK:0.0000} over {r.Queries} queries");
        Assert.True(results.Single(r => r.Model == "hybrid").RecallAtK > results.Single(r => r.Model == "content-only").RecallAtK);
    }
}
