using MovieRec.Engine.Vectors;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Vectors;

public class ExactVectorIndexTests
{
    [Theory]
    [InlineData(70)]  // not a multiple of 16: exercises the scalar tail
    [InlineData(384)]
    public void Search_EqualsBruteForce(int dim)
    {
        var index = TestVectors.Fill(new ExactVectorIndex(dim), TestVectors.Gaussian(1_003, dim, seed: 1));
        foreach (var query in TestVectors.Gaussian(20, dim, seed: 2))
        {
            var expected = TestVectors.BruteForce(index, TestVectors.Ids(1_003), query, 10);
            var actual = index.Search(query, 10);
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Score, actual[i].Score, 1e-5);
        }
    }

    [Theory]
    [InlineData(384, 3_001, 37)] // above the parallel-scan threshold; a partial panel pair and a partial 6-query tile
    [InlineData(70, 1_003, 13)]  // not a multiple of 8: Dot's scalar tail
    [InlineData(5, 21, 2)]       // below one 8-lane chunk: the tail only
    public void SearchBatch_IsBitIdenticalToSearch_IncludingTheParallelScan(int dim, int count, int queryCount)
    {
        var index = TestVectors.Fill(new ExactVectorIndex(dim), TestVectors.Gaussian(count, dim, seed: 3));
        var queries = TestVectors.Gaussian(queryCount, dim, seed: 4);
        var batch = index.SearchBatch(queries, 15);
        for (var i = 0; i < queries.Length; i++) Assert.Equal(index.Search(queries[i], 15), batch[i]);

        // Vectors added after a batch join the packed copy the next batch reads.
        var more = TestVectors.Gaussian(40, dim, seed: 5);
        for (var i = 0; i < more.Length; i++) index.Add(1_000_000 + i, more[i]); // past Fill's ids
        batch = index.SearchBatch([.. queries, .. more[..3]], 15);
        for (var i = 0; i < queries.Length; i++) Assert.Equal(index.Search(queries[i], 15), batch[i]);
        for (var i = 0; i < 3; i++) Assert.Equal(1_000_000 + i, batch[queries.Length + i][0].Id);
    }

    [Fact]
    public void EqualScores_GoToTheLowerId_InBatchesAsInSingleSearch()
    {
        // Each vector three times, 1,000 rows apart (so in different row blocks and partitions), as
        // identical descriptions give identical embeddings; k = 10 cuts a group of three equal scores.
        var distinct = TestVectors.Gaussian(1_000, 384, seed: 11);
        var index = TestVectors.Fill(new ExactVectorIndex(384), [.. distinct, .. distinct, .. distinct]);
        var queries = TestVectors.Gaussian(9, 384, seed: 12);
        var batch = index.SearchBatch(queries, 10);
        foreach (var (query, hits) in queries.Zip(batch))
        {
            Assert.Equal(index.Search(query, 10), hits);
            Assert.Equal(TestVectors.BruteForce(index, TestVectors.Ids(3_000), query, 10).Select(e => e.Id), hits.Select(h => h.Id));
        }
    }

    [Fact]
    public void Filters_AreRespected_AndGiveTheFilteredBruteForce()
    {
        var index = TestVectors.Fill(new ExactVectorIndex(32), TestVectors.Gaussian(2_000, 32, seed: 5));
        var allowed = TestVectors.Ids(2_000).Where(id => id % 7 == 0).ToHashSet();
        var query = TestVectors.Gaussian(1, 32, seed: 6)[0];
        var filters = new[]
        {
            VectorFilter.Allow(allowed),
            VectorFilter.Deny(TestVectors.Ids(2_000).Where(id => !allowed.Contains(id))),
            VectorFilter.Where(allowed.Contains),
        };
        var expected = TestVectors.BruteForce(index, TestVectors.Ids(2_000), query, 10, allowed.Contains).Select(e => e.Id);
        foreach (var filter in filters)
        {
            Assert.Equal(expected, index.Search(query, 10, filter).Select(h => h.Id));
            Assert.Equal(expected, index.SearchBatch([query], 10, filter)[0].Select(h => h.Id));
        }
        Assert.Empty(index.Search(query, 10, VectorFilter.Allow([1])));
    }

    [Theory]
    [InlineData(3_001, 384, 2)] // an allow-list big enough for the parallel scan
    [InlineData(1_003, 70, 5)]  // a small one, and Dot's scalar tail
    public void FilteredSearch_ScoresTheAllowedRowsExactlyAsTheBatchKernel(int count, int dim, int keepEvery)
    {
        // the single search gathers the allowed rows four at a time; each product must not depend on its neighbours
        var index = TestVectors.Fill(new ExactVectorIndex(dim), TestVectors.Gaussian(count, dim, seed: 8));
        var filter = VectorFilter.Allow(TestVectors.Ids(count).Where(id => id % keepEvery == 0));
        foreach (var query in TestVectors.Gaussian(5, dim, seed: 9))
        {
            var hits = index.Search(query, 25, filter);
            Assert.Equal(25, hits.Count);
            Assert.Equal(index.SearchBatch([query], 25, filter)[0], hits);
        }
    }

    [Fact]
    public void KLargerThanCount_ReturnsEverything_BestFirst()
    {
        var index = TestVectors.Fill(new ExactVectorIndex(8), TestVectors.Gaussian(5, 8, seed: 7));
        var hits = index.Search(TestVectors.Gaussian(1, 8, seed: 8)[0], 50);
        Assert.Equal(5, hits.Count);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Empty(new ExactVectorIndex(8).Search(new float[8] { 1, 0, 0, 0, 0, 0, 0, 0 }, 3));
    }

    [Fact]
    public void Scores_AreCosines_WhateverTheInputLength()
    {
        var index = new ExactVectorIndex(3);
        index.Add(1, [10, 0, 0]);
        index.Add(2, [0, 0.5f, 0.5f]);
        var hits = index.Search([3, 3, 0], 2);
        Assert.Equal(1, hits[0].Id);
        Assert.Equal(Math.Sqrt(0.5), hits[0].Score, 1e-6);
        Assert.Equal(0.5, hits[1].Score, 1e-6);
    }

    [Fact]
    public void SaveLoad_RoundTripsBitForBit()
    {
        using var temp = new TempDir();
        var index = TestVectors.Fill(new ExactVectorIndex(50), TestVectors.Gaussian(777, 50, seed: 9));
        var path = temp.File("exact.mrvi");
        index.Save(path);
        var loaded = ExactVectorIndex.Load(path);
        Assert.Equal(index.Count, loaded.Count);
        foreach (var id in TestVectors.Ids(777)) Assert.Equal(index.GetVector(id).ToArray(), loaded.GetVector(id).ToArray());
        var query = TestVectors.Gaussian(1, 50, seed: 10)[0];
        Assert.Equal(index.Search(query, 10), loaded.Search(query, 10));
        Assert.Equal(index.Search(query, 10), loaded.SearchBatch([query], 10)[0]);
        loaded.Save(temp.File("again.mrvi"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(temp.File("again.mrvi")));
        Assert.IsType<ExactVectorIndex>(VectorIndexFile.Load(path));
        // Adding after a load works like adding before it.
        loaded.Add(5, query);
        Assert.Equal(5, loaded.Search(query, 1)[0].Id);
    }
}
