using System.Diagnostics;
using MovieRec.Engine;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// `hybrid`: latency of one in-process hybrid request on ml-latest-small (warm, first call excluded), p50/p99 over a
/// mix of requests (known user; query; seed movie; query + filters); `hybrid eval` also runs the ranking-holdout and
/// tag-queries comparisons of the hybrid.
/// </summary>
public static class HybridBenchmark
{
    public static int Run(string[] args)
    {
        var options = new EngineOptions
        {
            DataDirectory = SharedData.Path("movielens"),
            ModelsDirectory = Path.Combine(Path.GetTempPath(), "movierec-benchmark-models"),
            MetadataDirectory = SharedData.Root,
            VaderDirectory = SharedData.Path("vader"),
        };
        var clock = Stopwatch.StartNew();
        var engine = EngineBuilder.Build(options, new HybridOptions());
        Console.WriteLine($"hybrid benchmark: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; engine built in {clock.Elapsed.TotalSeconds:0.0} s ({engine.Description})");

        var rng = new Random(42);
        var users = engine.Ratings.UserIds;
        var movies = engine.Dataset.Movies.Where(m => engine.Stats.Count(m.Id) >= 20).Select(m => m.Id).ToArray();
        string[] queries = ["bank heist", "feel-good road trip", "space adventure with aliens", "dark psychological thriller", "coming of age", "time travel"];
        HybridRequest Next(int i) => (i % 4) switch
        {
            0 => new HybridRequest { UserId = users[rng.Next(users.Length)] },
            1 => new HybridRequest { Query = queries[rng.Next(queries.Length)] },
            2 => new HybridRequest { SeedMovieIds = [movies[rng.Next(movies.Length)]] },
            _ => new HybridRequest { Query = queries[rng.Next(queries.Length)], Genres = ["Drama", "Comedy"], YearFrom = 1990, YearTo = 2009, UserId = users[rng.Next(users.Length)] },
        };

        engine.Hybrid.RecommendAsync(Next(0)).GetAwaiter().GetResult(); // first call excluded
        var latencies = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var request = Next(i);
            var sw = Stopwatch.StartNew();
            engine.Hybrid.RecommendAsync(request).GetAwaiter().GetResult();
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        Report($"hybrid request, {latencies.Count} requests", latencies);
        // tiered JIT recompiles hot methods during the first few hundred requests; a long-running server is past that
        Report("  the last 1,500 of them (after JIT tiering)", latencies[500..]);
        for (var kind = 0; kind < 4; kind++)
            Report($"  kind {kind} ({new[] { "known user", "query", "seed movie", "query + filters + user" }[kind]})", latencies.Where((_, i) => i % 4 == kind).ToList());
        Console.WriteLine($"memory after start-up and requests: {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:0} MB managed, {Environment.WorkingSet / 1048576.0:0} MB working set");

        if (args.Contains("eval"))
        {
            var dataset = engine.Dataset;
            foreach (var r in HybridEvaluation.RankingHoldout(dataset, options, new HybridOptions()))
                Console.WriteLine($"ranking-holdout {r.Model}: NDCG@10 {r.All["NDCG@10"]:0.0000} P@10 {r.All["Precision@10"]:0.0000} ({r.Users} users); cold slice NDCG@10 {r.Cold["NDCG@10"]:0.0000} P@10 {r.Cold["Precision@10"]:0.0000} ({r.ColdUsers} users)");
            foreach (var r in HybridEvaluation.TagQueries(dataset, options, new HybridOptions()))
                Console.WriteLine($"tag-queries {r.Model}: Recall@20 {r.RecallAtK:0.0000} NDCG@20 {r.NdcgAtK:0.0000} ({r.Queries} queries)");
        }
        return 0;
    }

    private static void Report(string label, List<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        Console.WriteLine($"{label}: p50 {sorted[sorted.Count / 2]:0.00} ms, p99 {sorted[(int)(sorted.Count * 0.99)]:0.00} ms, max {sorted[^1]:0.00} ms");
    }
}
