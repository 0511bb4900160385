using System.Diagnostics;
using MovieRec.Core.Data;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Engine.Vectors;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Engine.Tests.Vectors;

/// <summary>Issue 5's HNSW acceptance on the real catalog: the LSA vectors the engine indexes for ml-latest-small.</summary>
public class CatalogRecallTests(ITestOutputHelper output)
{
    [Fact]
    public void Hnsw_WithTheEngineDefaults_RecallsAtLeast95PercentOfTheExactTop10_OnTheCatalogVectors()
    {
        var sw = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"), new DatasetLoadOptions { MetadataDirectory = SharedData.Root });
        var documents = new MovieDocumentBuilder(MovieDocumentOptions.Full).BuildAll(dataset);
        using var lsa = LsaEmbedder.Fit(documents);
        // The vectors EngineBuilder puts in the index: fitted document vectors, all-zero ones left out.
        var ids = new List<int>();
        var vectors = new List<float[]>();
        foreach (var d in documents)
        {
            var v = lsa.TryGetDocumentVector(d.MovieId, out var fitted) ? fitted.ToArray() : lsa.Embed(d.Text);
            if (!v.Any(x => x != 0)) continue;
            ids.Add(d.MovieId);
            vectors.Add(v);
        }
        var fitSeconds = sw.Elapsed.TotalSeconds;

        var options = new HnswOptions(); // what EngineBuilder uses for Engine:VectorIndex = hnsw
        var recall = VectorRecall.MeasureHnsw(ids, vectors, options, k: 10, queryCount: 500);
        output.WriteLine($"{vectors.Count} catalog vectors of {lsa.Dimensions} dimensions (LSA fitted in {fitSeconds:F1} s); " +
                         $"HNSW M={options.M} efC={options.EfConstruction} ef={options.EfSearch}: recall@10 {recall:F4} " +
                         $"(500 movies as queries, each without itself); {sw.Elapsed.TotalSeconds:F1} s in all");
        Assert.True(recall >= 0.95, $"recall@10 on the catalog vectors = {recall:F4}");
    }
}
