using System.Diagnostics;
using System.Globalization;
using System.Text;
using MovieRec.Core.Catalog;
using MovieRec.Core.Data;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// `load`: metadata import and ml-latest-small load with metadata (best of 5), fuzzy title lookup latency, and the
/// load of a generated ratings.csv in the latest format (default 10,000,000 rows; `load ROWS` to change), generated
/// into a temp folder and deleted after.
/// </summary>
public static class LoadBenchmark
{
    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        Console.WriteLine($"load benchmark: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
        using var temp = new TempDir();

        var sw = Stopwatch.StartNew();
        var summary = MetadataImporter.Import(SharedData.Root, temp.Path);
        Console.WriteLine($"import-metadata (tmdb + overviews -> jsonl): {sw.Elapsed.TotalMilliseconds:N0} ms, {summary.RecordsPerSource.Values.Sum():N0} records");

        var options = new DatasetLoadOptions { MetadataDirectory = Path.Combine(temp.Path, MetadataImporter.FolderName) };
        var small = SharedData.MovieLens("ml-latest-small");
        var best = Best(5, () => DatasetLoader.Load(small, options), out var dataset);
        var covered = dataset.Movies.Count(m => m.Metadata?.Overview is not null);
        Console.WriteLine($"ml-latest-small with metadata: best of 5 {best:N0} ms ({dataset.Ratings.Count:N0} ratings, {covered:N0} overviews)");
        Console.WriteLine($"ml-latest-small without metadata: best of 5 {Best(5, () => DatasetLoader.Load(small, new DatasetLoadOptions { LoadMetadata = false }), out _):N0} ms");

        sw.Restart();
        var catalog = MovieCatalog.FromDataset(dataset);
        Console.WriteLine($"catalog index of {catalog.Count:N0} movies: {sw.Elapsed.TotalMilliseconds:N0} ms");
        var rng = new Random(7);
        var queries = Enumerable.Range(0, 2000).Select(_ => Typo(dataset.Movies[rng.Next(dataset.Movies.Count)].Title.ToLowerInvariant(), rng)).ToList();
        foreach (var q in queries.Take(200)) catalog.Find(q); // warm-up
        var latencies = new List<double>();
        foreach (var q in queries)
        {
            var t = Stopwatch.GetTimestamp();
            catalog.Find(q);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"fuzzy Find: mean {latencies.Average():F3} ms, p50 {latencies[latencies.Count / 2]:F3} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F3} ms over {latencies.Count:N0} typo queries");

        var big = Path.Combine(temp.Path, "ml-generated");
        sw.Restart();
        var bytes = Generate(big, rows);
        Console.WriteLine($"generated ratings.csv: {rows:N0} rows, {bytes / 1e6:N0} MB in {sw.Elapsed.TotalSeconds:N1} s");
        for (var run = 1; run <= 2; run++)
        {
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            var generated = DatasetLoader.Load(big, new DatasetLoadOptions { LoadMetadata = false });
            var seconds = sw.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"load {rows:N0}-row ratings.csv, run {run}: {seconds:N2} s wall, {cpuSeconds:N2} s CPU ({generated.Ratings.Count / seconds / 1e6:N1} M rows/s, {generated.Users.Count:N0} users, {generated.Report.TotalBadRows} bad rows)");
        }
        Directory.Delete(big, recursive: true);
        return 0;
    }

    private static double Best<T>(int runs, Func<T> action, out T result)
    {
        result = action();
        var best = double.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            result = action();
            best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>A latest-format folder: 50,000 movies and ROWS ratings grouped by user (as GroupLens writes them), 100 per user.</summary>
    private static long Generate(string dir, int rows)
    {
        Directory.CreateDirectory(dir);
        const int movies = 50_000;
        using (var w = new StreamWriter(Path.Combine(dir, "movies.csv"), false, new UTF8Encoding(false)))
        {
            w.Write("movieId,title,genres\r\n");
            for (var i = 1; i <= movies; i++) w.Write($"{i},Movie {i} ({1950 + i % 70}),Drama|Comedy\r\n");
        }
        var path = Path.Combine(dir, "ratings.csv");
        var rng = new Random(42);
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("userId,movieId,rating,timestamp\r\n");
            const int perUser = 100;
            for (var r = 0; r < rows; r++)
            {
                var user = r / perUser + 1;
                var start = user * 7919 % movies;
                var movie = (start + r % perUser * 499) % movies + 1; // distinct within a user
                var rating = (rng.Next(10) + 1) * 0.5;
                w.Write(user);
                w.Write(',');
                w.Write(movie);
                w.Write(',');
                w.Write(rating.ToString("0.0", CultureInfo.InvariantCulture));
                w.Write(',');
                w.Write(1_400_000_000 + r);
                w.Write("\r\n");
            }
        }
        return new FileInfo(path).Length;
    }

    private static string Typo(string s, Random rng)
    {
        if (s.Length < 6) return s;
        var i = rng.Next(1, s.Length - 1);
        return s[..i] + s[(i + 1)..];
    }

    /// <summary>The machine is shared: the 1-minute load average says how much the wall times are inflated.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
