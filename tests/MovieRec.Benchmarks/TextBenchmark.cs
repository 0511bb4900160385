using System.Diagnostics;
using MovieRec.Core.Data;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Engine.Text.Vader;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// Text benchmarks: `vader` (sentences per second on one core) and `lsa` (LSA fit time on ml-latest-small).
/// Run: dotnet run -c Release --project tests/MovieRec.Benchmarks -- vader
/// </summary>
public static class TextBenchmark
{
    public static readonly string[] Commands = ["vader", "lsa"];

    public static int Run(string command, string[] args)
    {
        switch (command)
        {
            case "vader": return Vader();
            case "lsa": return Lsa(args);
            default:
                Console.Error.WriteLine($"unknown text benchmark '{command}' (expected: {string.Join(", ", Commands)})");
                return 2;
        }
    }

    private static int Vader()
    {
        var analyzer = new VaderAnalyzer(SharedData.Path("vader"));
        var sentences = Directory.GetFiles(SharedData.Path("vader", "hutto_ICWSM_2014"), "*_GroundTruth.txt")
            .SelectMany(File.ReadLines)
            .Select(l => l.Split('\t', 3))
            .Where(f => f.Length == 3)
            .Select(f => f[2])
            .ToArray();
        var chars = sentences.Sum(s => (long)s.Length);

        double checksum = 0;
        foreach (var s in sentences) checksum += analyzer.PolarityScores(s).Compound; // warm-up (JIT, tiering)
        for (var warm = 0; warm < 3; warm++) foreach (var s in sentences) checksum += analyzer.PolarityScores(s).Compound;

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long scored = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            foreach (var s in sentences) checksum += analyzer.PolarityScores(s).Compound;
            scored += sentences.Length;
        }
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine($"vader: {sentences.Length:N0} ground-truth sentences (mean {chars / (double)sentences.Length:F0} chars), one thread");
        Console.WriteLine($"  {scored / watch.Elapsed.TotalSeconds:N0} sentences/s, {watch.Elapsed.TotalMilliseconds * 1000 / scored:F2} us/sentence, " +
                          $"{allocated / (double)scored:F1} bytes allocated/sentence (checksum {checksum:F1})");
        // On a shared, loaded machine wall time understates speed: CPU time counts only the time this process ran.
        Console.WriteLine($"  {scored / cpu:N0} sentences per CPU-second; load average {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>LSA fit time on ml-latest-small (documents with tags, as served) and the tag-queries protocol (documents without tags).</summary>
    private static int Lsa(string[] args)
    {
        var exponent = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var watch = Stopwatch.StartNew();
        var dataset = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"),
            new DatasetLoadOptions { MetadataDirectory = SharedData.Root }); // raw tmdb/ + overviews/ sources
        Console.WriteLine($"lsa: loaded {dataset.Movies.Count:N0} movies, {dataset.Tags.Count:N0} tags in {watch.Elapsed.TotalSeconds:F1} s " +
                          $"({Environment.ProcessorCount} cores)");

        var options = new LsaOptions { SingularValueExponent = exponent };
        var documents = new MovieDocumentBuilder().BuildAll(dataset);
        watch.Restart();
        using (var lsa = LsaEmbedder.Fit(documents, options))
            Console.WriteLine($"  fit (with tags): {watch.Elapsed.TotalSeconds:F2} s, vocabulary {lsa.VocabularySize:N0}, k = {lsa.Dimensions}, load average {LoadAverage()}");

        watch.Restart();
        if (args.Contains("--fit-only")) return 0;
        var results = TagQueryEvaluation.Run(dataset, options);
        Console.WriteLine($"  tag-queries ({results[0].Queries} queries, K = {results[0].K}), run {watch.Elapsed.TotalSeconds:F1} s:");
        foreach (var r in results)
            Console.WriteLine($"    {r.Model,-11} Recall@20 {r.RecallAtK:F4}  NDCG@20 {r.NdcgAtK:F4}  fit {r.FitSeconds:F2} s");
        return 0;
    }
}
