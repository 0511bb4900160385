using MovieRec.Engine.Vectors;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Vectors;

public class HnswVectorIndexTests
{
    private const int Dim = 48;
    private static readonly HnswOptions Options = new() { M = 16, EfConstruction = 100, EfSearch = 128, Seed = 11 };

    // One shared 10,000-vector graph: building it is the slow part (a second or two).
    private static readonly Lazy<(HnswVectorIndex Hnsw, ExactVectorIndex Exact)> Built = new(() =>
    {
        var vectors = TestVectors.Gaussian(10_000, Dim, seed: 21);
        return (TestVectors.Fill(new HnswVectorIndex(Dim, Options), vectors), TestVectors.Fill(new ExactVectorIndex(Dim), vectors));
    });

    [Fact]
    public void RecallAt10_IsAtLeast95Percent_On10000RandomVectors()
    {
        var (hnsw, exact) = Built.Value;
        var queries = TestVectors.Gaussian(300, Dim, seed: 22);
        var recall = VectorRecall.Measure(hnsw, exact, queries, 10);
        Assert.True(recall >= 0.95, $"recall@10 = {recall:F3}");
        // Scores are the same exact cosines the exact index reports.
        var hit = hnsw.Search(queries[0], 1)[0];
        Assert.Equal(exact.Search(queries[0], 10).Single(h => h.Id == hit.Id).Score, hit.Score);
    }

    [Fact]
    public void FilteredSearch_ReturnsOnlyAllowedIds_WithHighRecall()
    {
        var (hnsw, exact) = Built.Value;
        var allowed = VectorFilter.Where(id => id % 10 < 3); // ~30% of ids
        var queries = TestVectors.Gaussian(100, Dim, seed: 23);
        foreach (var hits in hnsw.SearchBatch(queries, 10, allowed))
        {
            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.True(h.Id % 10 < 3));
        }
        var recall = VectorRecall.Measure(hnsw, exact, queries, 10, allowed);
        Assert.True(recall >= 0.95, $"filtered recall@10 = {recall:F3}");
        // A filter that allows almost nothing still finds what it allows (disallowed nodes are traversed).
        var few = VectorFilter.Allow([100, 103, 106]);
        Assert.Equal([100, 103, 106], hnsw.Search(queries[0], 10, few).Select(h => h.Id).Order());
    }

    [Fact]
    public void SameSeed_GivesTheSameGraphAndResults_AnotherSeedDoesNot()
    {
        var vectors = TestVectors.Gaussian(1_500, 16, seed: 31);
        var options = new HnswOptions { M = 8, EfConstruction = 40, Seed = 5 };
        var a = TestVectors.Fill(new HnswVectorIndex(16, options), vectors);
        var b = TestVectors.Fill(new HnswVectorIndex(16, options), vectors);
        var c = TestVectors.Fill(new HnswVectorIndex(16, options with { Seed = 6 }), vectors);
        var ids = TestVectors.Ids(1_500).ToList();
        Assert.All(ids, id => Assert.Equal(a.NeighboursOf(id), b.NeighboursOf(id)));
        Assert.Contains(ids, id => !a.NeighboursOf(id).SequenceEqual(c.NeighboursOf(id)));
        var queries = TestVectors.Gaussian(20, 16, seed: 32);
        Assert.Equal(a.SearchBatch(queries, 10), b.SearchBatch(queries, 10));
    }

    [Fact]
    public void SaveLoad_RoundTrips_AndAddingAfterLoadGivesTheSameGraphAsBuildingAtOnce()
    {
        using var temp = new TempDir();
        var vectors = TestVectors.Gaussian(2_000, 24, seed: 41);
        var options = new HnswOptions { M = 8, EfConstruction = 60, EfSearch = 40, Seed = 3 };
        var all = TestVectors.Fill(new HnswVectorIndex(24, options), vectors);
        var first = TestVectors.Fill(new HnswVectorIndex(24, options), vectors[..1_500]);
        var path = temp.File("hnsw.mrvi");
        first.Save(path);

        var loaded = HnswVectorIndex.Load(path);
        Assert.Equal(options, loaded.Options);
        var queries = TestVectors.Gaussian(30, 24, seed: 42);
        Assert.Equal(first.SearchBatch(queries, 10), loaded.SearchBatch(queries, 10));
        loaded.Save(temp.File("again.mrvi"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(temp.File("again.mrvi")));

        for (var i = 1_500; i < 2_000; i++) loaded.Add(100 + 3 * i, vectors[i]);
        Assert.All(TestVectors.Ids(2_000), id => Assert.Equal(all.NeighboursOf(id), loaded.NeighboursOf(id)));
        Assert.Equal(all.SearchBatch(queries, 10), loaded.SearchBatch(queries, 10));
        Assert.IsType<HnswVectorIndex>(VectorIndexFile.Load(path));
    }

    [Fact]
    public void SmallIndex_KLargerThanCount_ReturnsEverything()
    {
        var index = TestVectors.Fill(new HnswVectorIndex(8, new HnswOptions { M = 4, EfSearch = 5 }), TestVectors.Gaussian(30, 8, seed: 51));
        var hits = index.Search(TestVectors.Gaussian(1, 8, seed: 52)[0], 100);
        Assert.Equal(30, hits.Count);
        Assert.Equal(30, hits.Select(h => h.Id).Distinct().Count());
        Assert.Empty(new HnswVectorIndex(8).Search(TestVectors.Gaussian(1, 8, seed: 53)[0], 3));
    }

    [Fact]
    public void RecallHelper_MeasuresAnyVectorSet()
    {
        var vectors = TestVectors.Gaussian(3_000, 32, seed: 61);
        var ids = TestVectors.Ids(3_000).ToList();
        var good = VectorRecall.MeasureHnsw(ids, vectors, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 100 }, k: 10, queryCount: 100);
        var poor = VectorRecall.MeasureHnsw(ids, vectors, new HnswOptions { M = 2, EfConstruction = 2, EfSearch = 1 }, k: 10, queryCount: 100);
        Assert.True(good >= 0.95, $"recall {good:F3}");
        Assert.True(poor < good, $"a starved graph should recall less ({poor:F3} vs {good:F3})");
    }
}
