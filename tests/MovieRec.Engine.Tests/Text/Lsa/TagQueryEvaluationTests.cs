using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Engine.Tests.Text.Lsa;

public sealed class TagQueryEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Lsa_beats_genre_only_popularity_and_random_on_ml_latest_small()
    {
        var dataset = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"),
            new DatasetLoadOptions { MetadataDirectory = SharedData.Root }); // raw tmdb/ + overviews/ sources
        // The protocol's default model (k = 256, q = 3, seed 42): measured Recall@20 0.1436 / NDCG@20 0.0932.
        var results = TagQueryEvaluation.Run(dataset, new LsaOptions { Seed = 42 });
        foreach (var r in results) output.WriteLine($"{r.Model}: Recall@20 {r.RecallAtK:F4} NDCG@20 {r.NdcgAtK:F4} ({r.Queries} queries, fit {r.FitSeconds:F1} s)");

        var lsa = results.Single(r => r.Model == "lsa");
        var genre = results.Single(r => r.Model == "genre-only");
        var random = results.Single(r => r.Model == "random");
        var popularity = results.Single(r => r.Model == "popularity");
        Assert.Equal(324, lsa.Queries);
        Assert.True(lsa.RecallAtK > genre.RecallAtK + 0.04, $"LSA {lsa.RecallAtK:F4} vs genre-only {genre.RecallAtK:F4}");
        Assert.True(lsa.NdcgAtK > genre.NdcgAtK + 0.02, $"LSA {lsa.NdcgAtK:F4} vs genre-only {genre.NdcgAtK:F4}");
        Assert.True(lsa.RecallAtK > popularity.RecallAtK + 0.05);
        Assert.True(lsa.RecallAtK > random.RecallAtK + 0.1);
        Assert.Equal(lsa.RecallAtK, lsa.Metrics["Recall@20"]);
    }

    [Fact]
    public void Queries_are_distinct_lowercased_tags_on_at_least_three_movies()
    {
        Tag[] tags =
        [
            new(1, 1, "Funny", 0), new(2, 2, " funny ", 0), new(3, 3, "FUNNY", 0), new(4, 3, "funny", 0),
            new(1, 1, "dark", 0), new(1, 2, "dark", 0), new(2, 2, "dark", 0),
        ];
        var queries = TagQueryEvaluation.BuildQueries(tags);
        var q = Assert.Single(queries);
        Assert.Equal("funny", q.Text);
        Assert.Equal([1, 2, 3], q.RelevantMovieIds.Order());
    }

    [Fact]
    public void Recall_and_ndcg_follow_the_definitions()
    {
        var relevant = new HashSet<int> { 1, 2, 3, 4 };
        var (recall, ndcg) = TagQueryEvaluation.Score([9, 1, 8, 2], relevant, k: 3);
        Assert.Equal(0.25, recall, 12); // only the first 3 count: one hit of four relevant
        var ideal = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(1 / Math.Log2(3) / ideal, ndcg, 12);
        Assert.Equal((1.0, 1.0), TagQueryEvaluation.Score([1, 2, 3, 4], relevant, k: 20));
    }

    [Fact]
    public void Genre_names_and_common_forms_are_recognized()
    {
        string[] genres = ["Sci-Fi", "Romance", "Comedy", "Film-Noir", "War"];
        Assert.Equal(["Sci-Fi"], TagQueryEvaluation.GenresNamedIn("science fiction", genres));
        Assert.Equal(["Romance", "Comedy"], TagQueryEvaluation.GenresNamedIn("romantic comedy", genres).Order().Reverse());
        Assert.Equal(["Film-Noir"], TagQueryEvaluation.GenresNamedIn("noir", genres));
        Assert.Empty(TagQueryEvaluation.GenresNamedIn("software", genres)); // "war" only as a whole word
    }
}
