using System.Diagnostics;
using MovieRec.Core.Domain;
using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Evaluation;

/// <summary>Progress of an evaluation: what runs now and the overall fraction done (0..1).</summary>
public readonly record struct EvaluationProgress(string Stage, double Fraction);

/// <summary>Options of a run. <see cref="MaxFolds"/> runs only the first folds of rating-kfold (tests); the report says so.</summary>
public sealed record EvaluationOptions
{
    public int Seed { get; init; } = 42;
    public int K { get; init; } = 10;
    public int Folds { get; init; } = 5;
    public int? MaxFolds { get; init; }
    public float RelevanceThreshold { get; init; } = 4.0f;
}

/// <summary>Runs the protocols of EVALUATION.md (rating-kfold, ranking-holdout, ranking-recbole) for a list of models.</summary>
public sealed class EvaluationRunner
{
    public static readonly IReadOnlyList<string> Protocols = ["rating-kfold", "ranking-holdout", "ranking-recbole"];

    public static EvaluationReport Run(MovieDataset dataset, string protocol, IReadOnlyList<string> models, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EvaluationOptions();
        if (dataset.Ratings.Count == 0) throw new ArgumentException($"Dataset {dataset.Name} has no ratings to evaluate.", nameof(dataset));
        models = models.Select(m => m.Trim().ToLowerInvariant()).Where(m => m.Length > 0).Distinct().ToList();
        if (models.Count == 0) throw new ArgumentException("No model to evaluate.", nameof(models));
        foreach (var m in models) RecommenderCatalog.Create(m, SideInfo.From(dataset)); // validates names up front
        return protocol switch
        {
            "rating-kfold" => RatingKFold(dataset, models, options, progress),
            "ranking-holdout" => RankingHoldout(dataset, models, options, progress),
            "ranking-recbole" => RankingRecBole(dataset, models, options, progress),
            _ => throw new ArgumentException($"Unknown protocol '{protocol}'. Known: {string.Join(", ", Protocols)}.", nameof(protocol)),
        };
    }

    private static EvaluationReport RatingKFold(MovieDataset dataset, IReadOnlyList<string> models, EvaluationOptions o, IProgress<EvaluationProgress>? progress)
    {
        var side = SideInfo.From(dataset);
        var folds = Splits.RatingKFold(dataset.Ratings, o.Seed, o.Folds).Take(o.MaxFolds ?? o.Folds).ToList();
        var perModel = models.ToDictionary(m => m, _ => new List<(double Rmse, double Mae, double Fit)>());
        var parameters = new Dictionary<string, Dictionary<string, string>>();
        var notes = new Dictionary<string, string>();
        var steps = folds.Count * models.Count;
        var step = 0;
        for (var f = 0; f < folds.Count; f++)
        {
            var data = RatingMatrix.Build(folds[f].Train, dataset.Scale);
            foreach (var name in models)
            {
                var model = RecommenderCatalog.Create(name, side);
                if (model is not IRatingPredictor predictor) { notes[name] = "ranks only; no rating predictions"; step++; continue; }
                var fitTime = Fit(model, data, $"fold {f + 1}/{folds.Count}: {name}", step, steps, progress);
                var errors = new RatingErrors();
                foreach (var r in folds[f].Test)
                    errors.Add(dataset.Scale.Clip(predictor.Predict(data.UserInner(r.UserId) ?? -1, data.ItemInner(r.MovieId) ?? -1)), r.Value);
                perModel[name].Add((errors.Rmse, errors.Mae, fitTime));
                parameters[name] = new Dictionary<string, string>(model.Params);
                step++;
            }
        }
        var results = new List<ModelResult>();
        foreach (var name in models)
        {
            var runs = perModel[name];
            if (runs.Count == 0) { results.Add(new ModelResult { Model = name, Note = notes.GetValueOrDefault(name) }); continue; }
            results.Add(new ModelResult
            {
                Model = name,
                Params = parameters[name],
                FitSeconds = runs.Average(x => x.Fit),
                Metrics = new() { [MetricNames.Rmse] = runs.Average(x => x.Rmse), [MetricNames.Mae] = runs.Average(x => x.Mae) },
                Spread = new() { [MetricNames.Rmse] = Std(runs.Select(x => x.Rmse)), [MetricNames.Mae] = Std(runs.Select(x => x.Mae)) },
            });
        }
        return new EvaluationReport
        {
            Dataset = dataset.Name, Protocol = "rating-kfold", Seed = o.Seed, K = o.K, Machine = MachineInfo.Current, Results = results,
            Notes = folds.Count < o.Folds ? $"Only the first {folds.Count} of {o.Folds} folds were run." : null,
        };
    }

    private static EvaluationReport RankingHoldout(MovieDataset dataset, IReadOnlyList<string> models, EvaluationOptions o, IProgress<EvaluationProgress>? progress)
    {
        var side = SideInfo.From(dataset);
        var split = Splits.RankingHoldout(dataset.Ratings, o.Seed);
        var data = RatingMatrix.Build(split.Train, dataset.Scale);
        var relevant = RelevantByUser(split.Test, o.RelevanceThreshold);
        var catalog = dataset.Movies.Count > 0 ? dataset.Movies.Count : dataset.Ratings.Select(r => r.MovieId).Distinct().Count();
        var results = new List<ModelResult>();
        var coldData = RatingMatrix.Build(split.ColdTrain, dataset.Scale);
        for (var m = 0; m < models.Count; m++)
        {
            var model = RecommenderCatalog.Create(models[m], side);
            var fit = Fit(model, data, models[m], m, models.Count, progress);
            var all = NewAccumulator(o.K, catalog, data);
            foreach (var (user, rel) in relevant) all.Add(RecommendInner(model, data, user, o.K, null), rel);
            // the cold-start slice: the same model kind fitted on the truncated training set, scored on its cold users
            var coldModel = RecommenderCatalog.Create(models[m], side);
            Fit(coldModel, coldData, models[m] + " (cold-start slice)", m + 0.5, models.Count, progress);
            var cold = NewAccumulator(o.K, catalog, coldData);
            foreach (var (user, rel) in relevant)
                if (split.ColdUsers.Contains(user)) cold.Add(RecommendInner(coldModel, coldData, user, o.K, null), rel);
            results.Add(new ModelResult
            {
                Model = models[m], Params = new(model.Params), FitSeconds = fit, Metrics = all.Results(), ColdStart = cold.Results(),
                UsersEvaluated = all.Users, UsersSkipped = all.Skipped,
                Note = $"cold-start slice: {cold.Users} users with at most 5 training ratings ({cold.Skipped} without a relevant movie)",
            });
        }
        return new EvaluationReport { Dataset = dataset.Name, Protocol = "ranking-holdout", Seed = o.Seed, K = o.K, Machine = MachineInfo.Current, Results = results };
    }

    /// <summary>Hyper-parameter grids tried on the validation split of ranking-recbole (best NDCG@10 wins).</summary>
    internal static IReadOnlyList<Action<Recommender>> Grid(string name) => name switch
    {
        "ease" or "ease-rated" => [.. new[] { 100f, 250f, 500f, 1000f }.Select(l => (Action<Recommender>)(r => ((Ease)r).Lambda = l))],
        "gfcf" => [.. new[] { 16, 32, 64 }.SelectMany(k => new[] { 0.3f, 1f }.Select(a => (Action<Recommender>)(r => { ((GraphFilter)r).Factors = k; ((GraphFilter)r).IdealWeight = a; })))],
        "ease-gfcf-als" => [.. new[] { 150f, 250f }.SelectMany(l => new[] { 0.3f, 0.5f }.SelectMany(graph => new[] { 0.5f, 1f, 1.5f }.Select(als => (Action<Recommender>)(r =>
        {
            var blend = (ScoreBlend)r;
            ((Ease)blend.Parts[0].Model).Lambda = l;
            blend.SetWeight(1, graph);
            blend.SetWeight(2, als);
        }))))],
        "edlae" => [.. new[] { 100f, 250f, 500f }.SelectMany(l => new[] { 0.1f, 0.25f, 0.4f }.Select(p => (Action<Recommender>)(r => { ((Ease)r).Lambda = l; ((Ease)r).Dropout = p; })))],
        "userknn-cos" => [.. new[] { 20, 50, 100, 200 }.Select(k => (Action<Recommender>)(r => ((Knn)r).K = k))],
        "itemknn" => [.. new[] { 20, 50, 100, 200 }.Select(k => (Action<Recommender>)(r => ((Knn)r).K = k))],
        "als" => [.. new[] { 16, 32, 64, 128 }.SelectMany(f => new[] { (1f, 0.5f), (10f, 1f), (30f, 2f), (100f, 5f) }.Select(p => (Action<Recommender>)(r => { ((ImplicitAls)r).Factors = f; ((ImplicitAls)r).Regularization = p.Item1; ((ImplicitAls)r).Alpha = p.Item2; })))],
        _ => [_ => { }],
    };

    private static EvaluationReport RankingRecBole(MovieDataset dataset, IReadOnlyList<string> models, EvaluationOptions o, IProgress<EvaluationProgress>? progress)
    {
        var side = SideInfo.From(dataset);
        var split = Splits.RecBole(dataset.Ratings, o.Seed);
        var data = RatingMatrix.Build(split.Train, dataset.Scale);
        var validRel = RelevantByUser(split.Validation, 0);
        var testRel = RelevantByUser(split.Test, 0);
        var validSeen = split.Validation.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.MovieId).ToHashSet());
        var catalog = split.Train.Concat(split.Validation).Concat(split.Test).Select(r => r.MovieId).Distinct().Count();
        var results = new List<ModelResult>();
        for (var m = 0; m < models.Count; m++)
        {
            var grid = Grid(models[m]);
            Recommender? best = null;
            double bestNdcg = double.NegativeInfinity, bestFit = 0;
            for (var g = 0; g < grid.Count; g++)
            {
                var model = RecommenderCatalog.Create(models[m], side);
                grid[g](model);
                var fit = Fit(model, data, $"{models[m]} ({g + 1}/{grid.Count})", m * 1.0 + (double)g / grid.Count, models.Count, progress);
                var acc = NewAccumulator(o.K, catalog, data);
                foreach (var (user, rel) in validRel) acc.Add(RecommendInner(model, data, user, o.K, null), rel);
                var ndcg = acc.Results()[MetricNames.At("NDCG", o.K)];
                if (ndcg > bestNdcg) { bestNdcg = ndcg; best = model; bestFit = fit; }
            }
            var test = NewAccumulator(o.K, catalog, data);
            foreach (var (user, rel) in testRel) test.Add(RecommendInner(best!, data, user, o.K, validSeen.GetValueOrDefault(user)), rel);
            var metrics = test.Results();
            metrics.Remove(MetricNames.At("MAP", o.K));
            metrics.Remove(MetricNames.At("F1", o.K));
            results.Add(new ModelResult
            {
                Model = models[m], Params = new(best!.Params), FitSeconds = bestFit, Metrics = metrics, UsersEvaluated = test.Users, UsersSkipped = test.Skipped,
                Note = $"validation NDCG@{o.K} {bestNdcg:0.0000} (best of {grid.Count} settings)",
            });
        }
        var interactions = split.Train.Count + split.Validation.Count + split.Test.Count;
        var users = split.Train.Select(r => r.UserId).Distinct().Count();
        return new EvaluationReport
        {
            Dataset = dataset.Name, Protocol = "ranking-recbole", Seed = o.Seed, K = o.K, Machine = MachineInfo.Current, Results = results,
            Notes = $"After filtering: {users:N0} users, {catalog:N0} items, {interactions:N0} interactions.",
        };
    }

    private static double Fit(Recommender model, RatingMatrix data, string stage, double step, int steps, IProgress<EvaluationProgress>? progress)
    {
        progress?.Report(new EvaluationProgress(stage, step / steps));
        var inner = progress is null ? null : new SyncProgress(f => progress.Report(new EvaluationProgress(stage, (step + 0.9 * f) / steps)));
        var sw = Stopwatch.StartNew();
        model.Fit(data, inner);
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool and would report out of order).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    private static List<int> RecommendInner(Recommender model, RatingMatrix data, int user, int k, HashSet<int>? alsoExclude)
    {
        if (!data.TryGetUser(user, out var u)) return model.Recommend(user, k).Select(s => s.MovieId).ToList();
        var scores = new float[data.ItemCount];
        model.Score(u, scores);
        foreach (var i in data.ItemsOf(u)) scores[i] = float.NegativeInfinity;
        if (alsoExclude is not null)
            foreach (var movie in alsoExclude)
                if (data.TryGetItem(movie, out var i)) scores[i] = float.NegativeInfinity;
        return TopK.SelectIndices(scores, k).Select(i => data.ItemIds[i]).ToList();
    }

    private static List<(int User, HashSet<int> Relevant)> RelevantByUser(IEnumerable<Rating> test, float threshold)
        => test.GroupBy(r => r.UserId).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Where(r => r.Value >= threshold).Select(r => r.MovieId).ToHashSet())).ToList();

    private static RankingAccumulator NewAccumulator(int k, int catalog, RatingMatrix data)
        => new(k, catalog, movie => data.TryGetItem(movie, out var i) ? (double)data.ItemDegree(i) / data.UserCount : 0);

    private static double Std(IEnumerable<double> xs)
    {
        var a = xs.ToArray();
        if (a.Length < 2) return 0;
        var mean = a.Average();
        return Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / (a.Length - 1));
    }
}
