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
            var best = double.MaxValue;
            for (int run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                encoder.EmbedIds(batch);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"threads={threads}: {sentences / best:F1} sentences/s ({best * 1000 / sentences:F2} ms/sentence, best of 3)");
        }
        return 0;
    }
}
