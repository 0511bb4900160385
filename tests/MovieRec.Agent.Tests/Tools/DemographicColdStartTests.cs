using Microsoft.Extensions.Logging.Abstractions;
using MovieRec.Core.Domain;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Recommenders;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Tools;

/// <summary>Issue 5's cold start on ML-100K: a user known only by demographics gets the prior of their likely cluster.</summary>
public sealed class DemographicColdStartTests
{
    private static readonly Lazy<MovieEngine> Engine = new(() => EngineBuilder.Build(EngineFixture.CreateOptions("ml-100k"), new HybridOptions()));

    private static readonly User Student = new(100_001, 21, Gender.Male, "student");
    private static readonly User Retiree = new(100_002, 62, Gender.Female, "retired");

    private static async Task<List<int>> TopTen(User? demographics) =>
        [.. (await Engine.Value.Hybrid.RecommendAsync(new HybridRequest { Demographics = demographics, K = 10 })).Items.Select(i => i.Movie.Id)];

    [Fact]
    public async Task DemographicsAloneGiveTheTopOfTheirClusterPrior()
    {
        var engine = Engine.Value;
        Assert.Contains("demographic clusters", engine.Description, StringComparison.Ordinal);
        var clusters = (UserClusters)EngineBuilder.LoadOrTrain("kmeans", EngineFixture.CreateOptions("ml-100k"), engine.Dataset, engine.Ratings, null, NullLogger.Instance);
        Assert.NotEqual(clusters.ClusterForDemographics(Student), clusters.ClusterForDemographics(Retiree)); // the test needs two clusters

        var anonymous = await TopTen(null);
        foreach (var user in new[] { Student, Retiree })
        {
            var top = await TopTen(user);
            Assert.Equal(10, top.Count);
            var prior = clusters.RecommendForDemographics(user, 20).Select(s => s.MovieId).ToHashSet();
            Assert.True(top.Count(prior.Contains) >= 6, $"{user.Occupation}: only {top.Count(prior.Contains)} of the top 10 from the cluster's top 20");
            Assert.True(top.Except(anonymous).Count() >= 3, $"{user.Occupation}: the same as for a user we know nothing about");
        }
        Assert.NotEqual(await TopTen(Student), await TopTen(Retiree));
    }
}
