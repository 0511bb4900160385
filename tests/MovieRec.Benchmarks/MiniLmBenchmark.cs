using System.Diagnostics;
using MovieRec.Engine.Text.Bert;

namespace MovieRec.Benchmarks;

/// <summary>
/// `minilm`: sentences per second of the C# BERT encoder at the all-MiniLM-L6-v2 size (hidden 384,
/// 6 layers, 12 heads, intermediate 1536) with random weights, 32-token inputs, 1 and 2 threads.
/// </summary>
public static class MiniLmBenchmark
{
    public static int Run(string[] args)
    {
        int sentences = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 256;
        const int tokens = 32;
        var rng = new Random(7);
        var batch = Enumerable.Range(0, sentences)
            .Select(_ => new[] { 2 }.Concat(Enumerable.Range(0, tokens - 2).Select(_ => rng.Next(1000, 30000))).Append(3).ToArray())
            .ToList();
        Console.WriteLine($"MiniLM-L6 size, random weights, {sentences} sentences x {tokens} tokens, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
        foreach (var threads in new[] { 1, 2 })
        {
            var encoder = BertEncoder.CreateRandom(BertConfig.MiniLmL6, seed: 1,
                new BertEncoderOptions { MaxDegreeOfParallelism = threads, SentencesPerChunk = 8 });
            encoder.EmbedIds(batch.Take(32).ToList()); // warm-up (JIT, tiered compilation)
            double best = double.MaxValue, bestCpu = double.MaxValue;
            var process = Process.GetCurrentProcess();
            for (int run = 0; run < 3; run++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                encoder.EmbedIds(batch);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                process.Refresh();
                bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
            }
            // wall clock is what a user sees; CPU time shows the cost when other processes share the cores
            Console.WriteLine($"threads={threads}: {sentences / best:F1} sentences/s wall clock ({best * 1000 / sentences:F2} ms/sentence, best of 3); " +
                $"{sentences / bestCpu:F1} sentences per CPU-second; load average {LoadAverage()}");
        }
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
