using System.CommandLine;
using System.Globalization;
using MovieRec.Engine.Evaluation;
using MovieRec.Engine.Recommenders;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>
/// `movierec evaluate --dataset ml-100k --protocol rating-kfold --models mf,svdpp,ease [--seed 42] [--json FILE]`:
/// runs one protocol of EVALUATION.md, shows a table, and writes JSON + Markdown reports under models/reports/.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Option<string?>("--dataset") { Description = "Dataset folder name under the data directory (default: MovieRec:Dataset)" };
        var protocol = new Option<string>("--protocol") { Description = "rating-kfold, ranking-holdout or ranking-recbole", DefaultValueFactory = _ => "rating-kfold" };
        var models = new Option<string>("--models") { Description = $"Comma-separated model names: {string.Join(", ", RecommenderCatalog.Names.Order(StringComparer.Ordinal))}", DefaultValueFactory = _ => "baseline,mf,svdpp" };
        var seed = new Option<int>("--seed") { Description = "Random seed of the split and the models", DefaultValueFactory = _ => 42 };
        var folds = new Option<int?>("--folds") { Description = "rating-kfold: run only the first N of the 5 folds" };
        var json = new Option<string?>("--json") { Description = "Also write the JSON report to this file" };
        var command = new Command("evaluate", "Evaluate recommenders with a protocol of EVALUATION.md") { dataset, protocol, models, seed, folds, json };
        command.SetHandler(context, (parse, ct) =>
        {
            var protocolName = parse.GetRequiredValue(protocol).Trim().ToLowerInvariant();
            if (!EvaluationRunner.Protocols.Contains(protocolName))
                throw new CliException($"Unknown protocol '{protocolName}'. Known: {string.Join(", ", EvaluationRunner.Protocols)}.");
            var names = parse.GetRequiredValue(models).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = names.Where(n => !RecommenderCatalog.Names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (names.Length == 0 || unknown.Count > 0)
                throw new CliException($"Unknown model(s): {string.Join(", ", unknown.DefaultIfEmpty("(none given)"))}. Known: {string.Join(", ", RecommenderCatalog.Names.Order(StringComparer.Ordinal))}.");
            var foldCount = parse.GetValue(folds);
            if (foldCount is < 1 or > 5) throw new CliException("--folds must be between 1 and 5.");

            var data = context.LoadDataset(parse, parse.GetValue(dataset));
            var options = new EvaluationOptions { Seed = parse.GetValue(seed), MaxFolds = foldCount };
            EvaluationReport? report = null;
            context.ErrorConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask($"{protocolName} on {data.Name}", maxValue: 1.0);
                var progress = new SyncProgress<EvaluationProgress>(p =>
                {
                    task.Description = Markup.Escape(p.Stage);
                    task.Value = Math.Max(task.Value, p.Fraction);
                });
                report = EvaluationRunner.Run(data, protocolName, names, options, progress);
                task.Value = 1;
            });
            Render(context, report!);

            var reports = Path.Combine(context.Environment.CurrentDirectory, context.Configuration["Engine:ModelsDirectory"] ?? "models", "reports");
            Directory.CreateDirectory(reports);
            var stem = Path.Combine(reports, $"{data.Name}-{protocolName}-seed{options.Seed}");
            File.WriteAllText(stem + ".json", report!.ToJson());
            File.WriteAllText(stem + ".md", report.ToMarkdown());
            if (parse.GetValue(json) is { } jsonFile)
            {
                var path = Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, jsonFile));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, report.ToJson());
            }
            context.Console.MarkupLine($"[grey]Reports: {Markup.Escape(stem)}.json, .md[/]");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static void Render(CliContext context, EvaluationReport report)
    {
        var metrics = report.Results.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        var table = new Table().Title($"{Markup.Escape(report.Protocol)} on {Markup.Escape(report.Dataset)} (seed {report.Seed})");
        table.AddColumn("model");
        table.AddColumn(new TableColumn("fit s").RightAligned());
        foreach (var m in metrics) table.AddColumn(new TableColumn(Markup.Escape(m)).RightAligned());
        foreach (var r in report.Results)
        {
            var cells = new List<string> { Markup.Escape(r.Model), r.FitSeconds.ToString("0.###", CultureInfo.InvariantCulture) };
            cells.AddRange(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : Markup.Escape(r.Note ?? "")));
            table.AddRow(cells.ToArray());
        }
        context.Console.Write(table);
        if (report.Notes is not null) context.Console.MarkupLine($"[grey]{Markup.Escape(report.Notes)}[/]");
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
