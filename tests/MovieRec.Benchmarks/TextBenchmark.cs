using System.Diagnostics;
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
            case "lsa": return Lsa();
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
        var watch = Stopwatch.StartNew();
        long scored = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            foreach (var s in sentences) checksum += analyzer.PolarityScores(s).Compound;
            scored += sentences.Length;
        }
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Console.WriteLine($"vader: {sentences.Length:N0} ground-truth sentences (mean {chars / (double)sentences.Length:F0} chars), one thread");
        Console.WriteLine($"  {scored / watch.Elapsed.TotalSeconds:N0} sentences/s, {watch.Elapsed.TotalMilliseconds * 1000 / scored:F2} us/sentence, " +
                          $"{allocated / (double)scored:F1} bytes allocated/sentence (checksum {checksum:F1})");
        return 0;
    }

    private static int Lsa()
    {
        Console.Error.WriteLine("lsa: not implemented yet");
        return 1;
    }
}
