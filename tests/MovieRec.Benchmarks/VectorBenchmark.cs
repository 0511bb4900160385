using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MovieRec.Engine.Vectors;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// `vectors`: our exact and HNSW indexes against FAISS IndexFlatIP / IndexHNSWFlat on the same random
/// 384-d normalized vectors, in one run. Queries/s one at a time (the serving case) and in one batch
/// of 1,000 (best of 3), recall@10 against our exact search. Options: --large N (default 100000; 0 = only the 10k set),
/// --ef 64,128,256 (HNSW efSearch values), --m 32, --efc 200, --no-faiss, --faiss-hnsw-max N (skip FAISS
/// HNSW above N vectors: its OpenMP build crawls when the shared cores are oversubscribed).
/// </summary>
public static class VectorBenchmark
{
    private const int Dim = 384;
    private const int Small = 10_000;
    private const int QueryCount = 1_000;
    private const int K = 10;

    private sealed record Row(string Index, int Vectors, string Params, double BuildSeconds, double SingleQps, double BatchQps, double Recall);

    public static int Run(string[] args)
    {
        var large = IntOption(args, "--large", 100_000);
        var m = IntOption(args, "--m", 32);
        var efc = IntOption(args, "--efc", 200);
        var efs = (Option(args, "--ef") ?? "64,128,256,512").Split(',').Select(int.Parse).ToArray();
        var withFaiss = !args.Contains("--no-faiss");
        var faissHnswMax = IntOption(args, "--faiss-hnsw-max", int.MaxValue);

        Console.WriteLine($"vectors benchmark: {Dim}-d Gaussian vectors, L2-normalized, seed 42; {QueryCount} queries (seed 43); k = {K}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSArchitecture}, .NET {Environment.Version}, " +
                          $"Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; load average before: {LoadAverage()}");
        var queries = Gaussian(QueryCount, seed: 43);
        var baseLarge = Gaussian(Math.Max(large, Small), seed: 42);
        var baseSmall = baseLarge[..Small]; // the 10k set is the first 10k of the large one

        using var temp = new TempDir();
        var rows = new List<Row>();
        var hnswOptions = new HnswOptions { M = m, EfConstruction = efc, Seed = 42 };
        var sets = large > Small ? new[] { ("10k", baseSmall), ("100k", baseLarge) } : new[] { ("10k", baseSmall) };
        foreach (var (name, vectors) in sets)
        {
            Console.WriteLine($"-- {vectors.Length:N0} vectors");
            var sw = Stopwatch.StartNew();
            var exact = new ExactVectorIndex(Dim, vectors.Length);
            for (var i = 0; i < vectors.Length; i++) exact.Add(i, vectors[i]);
            var exactBuild = sw.Elapsed.TotalSeconds;
            var (exactSingle, exactBatch, truth) = Measure(exact, queries);
            rows.Add(new Row("MovieRec ExactVectorIndex", vectors.Length, "", exactBuild, exactSingle, exactBatch, 1.0));
            Console.WriteLine($"   exact: {exactSingle:N0} q/s single, {exactBatch:N0} q/s batched");

            // Ground truth for FAISS: row indices of our exact top 10; the stored (normalized) vectors go to FAISS.
            WriteNpy(temp.File($"base{name}.npy"), vectors.Length, Dim, i => exact.GetVector(i).ToArray());
            WriteNpyInt(temp.File($"gt{name}.npy"), truth.Select(t => t.Select(h => h.Id).ToArray()).ToArray());

            sw.Restart();
            var hnsw = new HnswVectorIndex(Dim, hnswOptions);
            for (var i = 0; i < vectors.Length; i++) hnsw.Add(i, vectors[i]);
            var hnswBuild = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"   hnsw built in {hnswBuild:F1} s");
            foreach (var ef in efs)
            {
                hnsw.EfSearch = ef;
                var (single, batch, found) = Measure(hnsw, queries);
                var recall = VectorRecall.Measure(found, truth);
                rows.Add(new Row("MovieRec HnswVectorIndex", vectors.Length, $"M={m} efC={efc} ef={ef}", hnswBuild, single, batch, recall));
                Console.WriteLine($"   hnsw ef={ef}: {single:N0} q/s single, {batch:N0} q/s batched, recall@10 {recall:F4}");
            }
        }
        WriteNpy(temp.File("queries.npy"), QueryCount, Dim, i =>
        {
            var q = new float[Dim];
            var norm = (float)Math.Sqrt(queries[i].Sum(x => (double)x * x));
            for (var j = 0; j < Dim; j++) q[j] = queries[i][j] / norm;
            return q;
        });

        var faissNote = "";
        if (withFaiss)
        {
            var (faissRows, note) = RunFaiss(temp.Path, m, efc, efs, faissHnswMax);
            rows.AddRange(faissRows);
            faissNote = note;
        }

        Console.WriteLine();
        Console.WriteLine($"Vector search, {Dim}-d random normalized vectors, {QueryCount} queries, k = {K}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; {faissNote}; load average after: {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| index | vectors | parameters | build s | queries/s, one at a time | queries/s, batches of 1,000 | recall@10 |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var r in rows.OrderBy(r => r.Vectors).ThenBy(r => r.Params.Length > 0).ThenBy(r => r.Index))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Index} | {r.Vectors:N0} | {r.Params} | {r.BuildSeconds:F2} | {r.SingleQps:N0} | {r.BatchQps:N0} | {r.Recall:F4} |"));
        return 0;
    }

    /// <summary>Warm up, then queries/s one at a time and for one batch of all queries (best of 3).</summary>
    private static (double Single, double Batch, IReadOnlyList<VectorHit>[] Results) Measure(IVectorIndex index, float[][] queries)
    {
        for (var i = 0; i < 100; i++) index.Search(queries[i], K);
        var sw = Stopwatch.StartNew();
        foreach (var q in queries) index.Search(q, K);
        var single = queries.Length / sw.Elapsed.TotalSeconds;
        IReadOnlyList<VectorHit>[] results = [];
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            sw.Restart();
            results = index.SearchBatch(queries, K);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (single, queries.Length / best, results);
    }

    private static (List<Row> Rows, string Note) RunFaiss(string folder, int m, int efc, int[] efs, int hnswMax)
    {
        var script = Path.Combine(SharedData.RepoRoot, "tests", "MovieRec.Benchmarks", "faiss_bench.py");
        var config = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["hnsw_max_vectors"] = hnswMax,
            ["hnsw"] = new[] { new Dictionary<string, object> { ["M"] = m, ["efConstruction"] = efc, ["efSearch"] = efs } },
        });
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Passive waiting: spinning OpenMP threads collapse when other processes share the cores.
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        start.ArgumentList.Add(config);
        Console.WriteLine("-- FAISS (/usr/bin/python3 faiss_bench.py)");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"FAISS run failed (exit {process.ExitCode}); install with `apt-get install -y python3-faiss libopenblas0-pthread`:\n{stderr.Result}");
            return ([], "FAISS not run");
        }
        using var json = JsonDocument.Parse(stdout);
        var rows = new List<Row>();
        foreach (var r in json.RootElement.GetProperty("results").EnumerateArray())
        {
            rows.Add(new Row(r.GetProperty("index").GetString()!, r.GetProperty("vectors").GetInt32(), r.GetProperty("params").GetString()!,
                r.GetProperty("build_s").GetDouble(), r.GetProperty("single_qps").GetDouble(), r.GetProperty("batch_qps").GetDouble(),
                r.GetProperty("recall").GetDouble()));
            Console.WriteLine($"   {rows[^1]}");
        }
        return (rows, $"FAISS {json.RootElement.GetProperty("faiss").GetString()} with {json.RootElement.GetProperty("threads").GetInt32()} OpenMP threads (Debian python3-faiss, OpenBLAS)");
    }

    private static float[][] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = vectors[i] = new float[Dim];
            for (var j = 0; j < Dim; j++)
                v[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        return vectors;
    }

    // NumPy .npy v1.0: magic, header length, a Python dict literal padded to 64 bytes, raw little-endian data.
    private static void WriteNpyHeader(Stream stream, string descr, string shape)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({shape}), }}";
        var total = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        stream.Write([0x93, .. "NUMPY"u8, 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        stream.Write(Encoding.ASCII.GetBytes(padded));
    }

    private static void WriteNpy(string path, int rows, int cols, Func<int, float[]> row)
    {
        using var stream = File.Create(path);
        WriteNpyHeader(stream, "<f4", $"{rows}, {cols}");
        for (var i = 0; i < rows; i++) stream.Write(MemoryMarshal.AsBytes(row(i).AsSpan()));
    }

    private static void WriteNpyInt(string path, int[][] rows)
    {
        using var stream = File.Create(path);
        WriteNpyHeader(stream, "<i4", $"{rows.Length}, {K}");
        foreach (var r in rows) stream.Write(MemoryMarshal.AsBytes(r.AsSpan()));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
