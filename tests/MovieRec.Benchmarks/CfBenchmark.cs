using System.Diagnostics;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Recommenders;
using MovieRec.Testing;

namespace MovieRec.Benchmarks;

/// <summary>
/// Collaborative-filtering benchmarks (full runs of the evaluation protocols, fit speed, scale):
///   cf-rating [dataset] [models]   rating-kfold, 5 folds (default ml-100k; baseline,mf,mf-tuned,svdpp,svdpp-tuned,knnbaseline,fm,blend)
///   cf-ranking [holdout] [recbole] ranking-holdout on ml-latest-small and ranking-recbole on ml-100k (model lists; "-" skips one)
///   cf-speed                       fit time per fold on ml-latest-small: mf (Surprise SVD defaults) and svdpp
///   cf-scale [millions]            a generated 10M-rating dataset (power-law popularity, low rank): MF and ALS fit time and memory
/// Reports go to models/reports/ (JSON + Markdown). Run: dotnet run -c Release --project tests/MovieRec.Benchmarks -- cf-rating
/// </summary>
public static class CfBenchmark
{
    public static readonly string[] Commands = ["cf-rating", "cf-ranking", "cf-speed", "cf-scale"];

    public static int Run(string command, string[] args)
    {
        switch (command)
        {
            case "cf-rating":
                Evaluate(args.ElementAtOrDefault(0) ?? "ml-100k", "rating-kfold", Models(args, 1, "baseline,mf,mf-tuned,svdpp,svdpp-tuned,knnbaseline,fm,blend"));
                return 0;
            case "cf-ranking":
                Evaluate("ml-latest-small", "ranking-holdout", Models(args, 0, "pop,pop-bayes,itemknn,als,ease,ease-liked,ease-rated"));
                Evaluate("ml-100k", "ranking-recbole", Models(args, 1, "pop,itemknn,userknn-cos,als,ease,edlae,ease-rated,gfcf,ease-gfcf-als"));
                return 0;
            case "cf-speed": return Speed();
            case "cf-scale": return Scale(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10);
            default:
                Console.Error.WriteLine($"unknown cf benchmark '{command}' (expected: {string.Join(", ", Commands)})");
                return 2;
        }
    }

    /// <summary>The comma-separated model list given as argument <paramref name="index"/>, else the default; "-" skips the run.</summary>
    private static string[] Models(string[] args, int index, string fallback)
        => (args.ElementAtOrDefault(index) ?? fallback) is var list && list == "-" ? [] : list.Split(',');

    private static void Evaluate(string dataset, string protocol, IReadOnlyList<string> models)
    {
        if (models.Count == 0) return;
        var data = DatasetLoader.Load(SharedData.MovieLens(dataset));
        var sw = Stopwatch.StartNew();
        var last = "";
        var report = EvaluationRunner.Run(data, protocol, models, new EvaluationOptions { Seed = 42 }, new Progress<EvaluationProgress>(p =>
        {
            if (p.Stage != last) { last = p.Stage; Console.Error.WriteLine($"[{sw.Elapsed.TotalSeconds,6:0.0}s] {p.Stage}"); }
        }));
        Console.WriteLine(report.ToMarkdown());
        var dir = Path.Combine(SharedData.RepoRoot, "models", "reports");
        Directory.CreateDirectory(dir);
        var stem = Path.Combine(dir, $"{dataset}-{protocol}-seed42");
        File.WriteAllText(stem + ".json", report.ToJson());
        File.WriteAllText(stem + ".md", report.ToMarkdown());
        Console.WriteLine($"wrote {stem}.json/.md ({sw.Elapsed.TotalSeconds:0.0} s)");
    }

    private static int Speed()
    {
        var data = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"));
        var fold = Splits.RatingKFold(data.Ratings, 42).First();
        var train = RatingMatrix.Build(fold.Train, data.Scale);
        Console.WriteLine($"ml-latest-small fold 1: {train.RatingCount:N0} training ratings; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        foreach (var name in new[] { "mf", "svdpp", "mf-tuned" })
        {
            var times = new List<double>();
            var cpu = new List<double>();
            double rmse = 0;
            for (var rep = 0; rep < 8; rep++) // the first run includes JIT warm-up; report the median and the best of the others
            {
                var model = RecommenderCatalog.Create(name);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                model.Fit(train);
                times.Add(sw.Elapsed.TotalSeconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
                var e = new RatingErrors();
                foreach (var r in fold.Test) e.Add(data.Scale.Clip(((IRatingPredictor)model).Predict(train.UserInner(r.UserId) ?? -1, train.ItemInner(r.MovieId) ?? -1)), r.Value);
                rmse = e.Rmse;
            }
            var warm = times.Skip(1).Order().ToList();
            var warmCpu = cpu.Skip(1).Order().ToList();
            Console.WriteLine($"{name,-10} fit {warm[warm.Count / 2]:0.000} s wall, {warmCpu[warmCpu.Count / 2]:0.000} s CPU (median of {warm.Count} warm runs; best {warm[0]:0.000} s wall, " +
                $"{warmCpu[0]:0.000} s CPU; first {times[0]:0.000} s), test RMSE {rmse:0.0000}");
        }
        Console.WriteLine("Reference: Surprise SVD fits one ml-latest-small fold in about 0.9 s on one core (its README's figure), RMSE about 0.87.");
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static int Scale(double millions)
    {
        var sw = Stopwatch.StartNew();
        var ratings = Generate((long)(millions * 1_000_000), users: 200_000, items: 50_000, seed: 42);
        Console.WriteLine($"generated {ratings.Count:N0} ratings in {sw.Elapsed.TotalSeconds:0.0} s");
        sw.Restart();
        var data = RatingMatrix.Build(ratings, RatingScale.WholeStars);
        ratings = null;
        GC.Collect();
        Console.WriteLine($"rating matrix: {data.UserCount:N0} users, {data.ItemCount:N0} items, built in {sw.Elapsed.TotalSeconds:0.0} s; managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB");
        foreach (var model in new Recommender[] { new BiasedMf { Factors = 64, Epochs = 10 }, new ImplicitAls { Factors = 64, Iterations = 5 } })
        {
            sw.Restart();
            model.Fit(data);
            var recs = model.Recommend(data.UserIds[0], 10);
            Console.WriteLine($"{model.Kind}: fit {sw.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", model.Params.Select(p => $"{p.Key}={p.Value}"))}); " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB; top movie {recs[0].MovieId}");
        }
        return 0;
    }

    /// <summary>Low-rank ratings with power-law (Zipf-like) item popularity and user activity.</summary>
    private static List<Rating> Generate(long count, int users, int items, int seed)
    {
        const int rank = 8;
        var rng = new Random(seed);
        var u = new float[users * rank];
        var v = new float[items * rank];
        for (var k = 0; k < u.Length; k++) u[k] = (float)(rng.NextDouble() * 2 - 1);
        for (var k = 0; k < v.Length; k++) v[k] = (float)(rng.NextDouble() * 2 - 1);
        var itemCdf = Cdf(items, 0.9);
        var userCdf = Cdf(users, 0.6);
        var list = new List<Rating>((int)count);
        for (long n = 0; n < count; n++)
        {
            var a = Sample(userCdf, rng.NextDouble());
            var i = Sample(itemCdf, rng.NextDouble());
            var dot = 0f;
            for (var f = 0; f < rank; f++) dot += u[a * rank + f] * v[i * rank + f];
            list.Add(new Rating(a + 1, i + 1, Math.Clamp(MathF.Round(3.5f + dot + 0.5f * (float)(rng.NextDouble() - 0.5)), 1, 5), n));
        }
        return list;
    }

    private static double[] Cdf(int n, double exponent)
    {
        var cdf = new double[n];
        double sum = 0;
        for (var k = 0; k < n; k++) cdf[k] = sum += 1 / Math.Pow(k + 1, exponent);
        for (var k = 0; k < n; k++) cdf[k] /= sum;
        return cdf;
    }

    private static int Sample(double[] cdf, double x)
    {
        var k = Array.BinarySearch(cdf, x);
        return Math.Min(k < 0 ? ~k : k, cdf.Length - 1);
    }
}
