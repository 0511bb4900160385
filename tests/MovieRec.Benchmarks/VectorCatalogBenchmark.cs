using System.Diagnostics;
using MovieRec.Core.Data;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Engine.Vectors;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// `vectors-catalog`: HNSW recall@10 against exact search on the real catalog vectors (the LSA embeddings
/// the engine indexes for ml-latest-small with the shared metadata). 500 movies are the queries, each
/// without itself, as in a "similar movies" lookup. Options: --m 16, --efc 200, --ef 16,32,64,128
/// (the engine's defaults are M=16, efC=200, ef=64). A benchmark, not a test: a Debug build needs ~50 s.
/// </summary>
public static class VectorCatalogBenchmark
{
    private const int K = 10;
    private const int QueryCount = 500;

    public static int Run(string[] args)
    {
        var m = IntOption(args, "--m", 16);
        var efc = IntOption(args, "--efc", 200);
        var efs = (Option(args, "--ef") ?? "16,32,64,128").Split(',').Select(int.Parse).ToArray();
        var sw = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"), new DatasetLoadOptions { MetadataDirectory = SharedData.Root });
        var documents = new MovieDocumentBuilder(MovieDocumentOptions.Full).BuildAll(dataset);
        using var lsa = LsaEmbedder.Fit(documents);
        var fit = sw.Elapsed.TotalSeconds;

        // The vectors EngineBuilder indexes: fitted document vectors, all-zero ones left out.
        var exact = new ExactVectorIndex(lsa.Dimensions, documents.Count);
        var hnsw = new HnswVectorIndex(lsa.Dimensions, new HnswOptions { M = m, EfConstruction = efc, Seed = 42 });
        var ids = new List<int>();
        foreach (var d in documents)
        {
            var v = lsa.TryGetDocumentVector(d.MovieId, out var fitted) ? fitted.ToArray() : lsa.Embed(d.Text);
            if (!v.Any(x => x != 0)) continue;
            exact.Add(d.MovieId, v);
            ids.Add(d.MovieId);
        }
        sw.Restart();
        foreach (var id in ids) hnsw.Add(id, exact.GetVector(id));
        var build = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"{ids.Count:N0} catalog vectors, {lsa.Dimensions}-d (LSA fitted in {fit:F1} s); HNSW M={m} efC={efc} built in {build:F1} s; " +
                          $"{QueryCount} movies as queries; load average {File.ReadAllText("/proc/loadavg")[..14]}");

        var random = new Random(7);
        var queries = ids.OrderBy(_ => random.Next()).Take(QueryCount).ToArray();
        var truth = queries.Select(id => exact.Search(exact.GetVector(id), K, VectorFilter.Where(x => x != id))).ToArray();
        foreach (var ef in efs)
        {
            hnsw.EfSearch = ef;
            sw.Restart();
            var found = queries.Select(id => hnsw.Search(exact.GetVector(id), K, VectorFilter.Where(x => x != id))).ToArray();
            var qps = queries.Length / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"  ef={ef}: recall@10 {VectorRecall.Measure(found, truth):F4}, {qps:N0} queries/s one at a time");
        }
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
