using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Service;
using MovieRec.Agent.Tools;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>The one-shot commands: recommend, similar, search (through <see cref="IMovieService"/>) and train.</summary>
public static class MovieCommands
{
    public static IEnumerable<Command> Create(CliContext context) => [Recommend(context), Similar(context), Search(context), Train(context)];

    private static Option<int> KOption() => new("-k", "--count") { Description = "How many movies (1 to 100)", DefaultValueFactory = _ => 10 };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table" };

    private static Command Recommend(CliContext context)
    {
        var user = new Option<int>("--user", "-u") { Description = "The user's id in the dataset", Required = true };
        var query = new Option<string?>("--query", "-q") { Description = "What they are in the mood for, blended with their taste" };
        var k = KOption();
        var json = JsonOption();
        var command = new Command("recommend", "Personalized recommendations for a user of the dataset") { user, query, k, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            await EngineBootstrap.LoadAsync(context, parse, ct);
            var service = context.AgentServices(parse).GetRequiredService<IMovieService>();
            var userId = parse.GetValue(user);
            var text = parse.GetValue(query);
            var movies = await service.RecommendForUserAsync(userId, text, parse.GetValue(k), ct);
            Print(context, parse.GetValue(json), new RecommendationsOutput("recommend", userId, text, null, null, movies),
                $"For user {userId}{(text is null ? "" : $": {text}")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Similar(CliContext context)
    {
        var title = new Argument<string>("title") { Description = "A movie title, e.g. \"Heat\" or \"Heat (1995)\"" };
        var k = KOption();
        var json = JsonOption();
        var command = new Command("similar", "Movies similar to one movie (content and collaborative neighbours)") { title, k, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var engine = await EngineBootstrap.LoadAsync(context, parse, ct);
            var services = context.AgentServices(parse);
            var tools = new MovieTools(engine, services.GetRequiredService<IFeedbackStore>(), new TurnContext(ChatSession.Start(), []));
            var (movie, error) = tools.ResolveTitle(parse.GetRequiredValue(title));
            if (movie is null)
            {
                var suggestions = error?.Suggestions ?? [];
                throw new CliException(error?.Error ?? "Unknown title.", ExitCodes.UserError,
                    suggestions.Count == 0 ? "try: movierec search TEXT" : "did you mean: " + string.Join("; ", suggestions));
            }
            var movies = await services.GetRequiredService<IMovieService>().SimilarAsync(movie.Id, parse.GetValue(k), ct);
            Print(context, parse.GetValue(json), new RecommendationsOutput("similar", null, null, movie.Id, movie.DisplayTitle, movies),
                $"Like {movie.DisplayTitle}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Search(CliContext context)
    {
        var text = new Argument<string?>("text") { Description = "What to look for (\"heist thriller with a twist\"); optional with --genre", Arity = ArgumentArity.ZeroOrOne };
        var genres = new Option<string[]>("--genre", "-g") { Description = "Only these genres (repeatable)", AllowMultipleArgumentsPerToken = false };
        var exclude = new Option<string[]>("--exclude-genre") { Description = "Never these genres (repeatable)" };
        var from = new Option<int?>("--year-from") { Description = "Released in or after this year" };
        var to = new Option<int?>("--year-to") { Description = "Released in or before this year" };
        var k = KOption();
        var json = JsonOption();
        var command = new Command("search", "Semantic search over the catalog with filters") { text, genres, exclude, from, to, k, json };
        command.SetHandler(context, async (parse, ct) =>
        {
            var query = new MovieSearchQuery
            {
                Text = parse.GetValue(text),
                Genres = parse.GetValue(genres) ?? [],
                ExcludeGenres = parse.GetValue(exclude) ?? [],
                YearFrom = parse.GetValue(from),
                YearTo = parse.GetValue(to),
                K = parse.GetValue(k),
            };
            if (string.IsNullOrWhiteSpace(query.Text) && query.Genres.Count == 0 && query.YearFrom is null && query.YearTo is null)
                throw new CliException("Give some text to search for, or a --genre / --year-from / --year-to filter.", ExitCodes.Usage);
            await EngineBootstrap.LoadAsync(context, parse, ct);
            var movies = await context.AgentServices(parse).GetRequiredService<IMovieService>().SearchAsync(query, ct);
            Print(context, parse.GetValue(json), new RecommendationsOutput("search", null, query.Text, null, null, movies),
                $"Search: {query.Text ?? string.Join(", ", query.Genres)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Train(CliContext context)
    {
        var models = new Option<string?>("--models", "-m") { Description = $"Comma-separated collaborative models (default: Engine:CollaborativeModel). Known: {string.Join(", ", RecommenderCatalog.Names)}" };
        var command = new Command("train", "Fit and save the collaborative model(s) and the LSA content model under models/DATASET/") { models };
        command.SetHandler(context, async (parse, ct) =>
        {
            var options = context.AgentServices(parse).GetRequiredService<IOptions<EngineOptions>>().Value;
            var names = (parse.GetValue(models) ?? options.CollaborativeModel).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = names.Where(n => !RecommenderCatalog.Names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (names.Length == 0 || unknown.Count > 0)
                throw new CliException($"Unknown model '{string.Join(", ", unknown)}'. Known models: {string.Join(", ", RecommenderCatalog.Names)}.", ExitCodes.Usage);
            var dataset = context.LoadDataset(parse, options.Dataset);
            // the k-means clusters give users known only by demographics their prior (ML-100K, ML-1M)
            if (dataset.Users.Any(u => u.HasDemographics) && !names.Contains("kmeans", StringComparer.OrdinalIgnoreCase)) names = [.. names, "kmeans"];
            var ratings = RatingMatrix.Build(dataset.Ratings, dataset.Scale);
            var side = SideInfo.From(dataset);
            Directory.CreateDirectory(options.DatasetModelsDirectory);

            var steps = names.Select(n => (Name: $"training {n}", Run: (Action<IProgress<double>>)(p =>
            {
                var model = RecommenderCatalog.Create(n, side);
                model.Fit(ratings, p);
                model.Save(Path.Combine(options.DatasetModelsDirectory, n.ToLowerInvariant() + ".model"));
            }))).ToList();
            steps.Add(("fitting LSA content model", (Action<IProgress<double>>)(p =>
            {
                var documents = new MovieDocumentBuilder(MovieDocumentOptions.Full).BuildAll(dataset);
                LsaEmbedder.Fit(documents).Save(Path.Combine(options.DatasetModelsDirectory, EngineBuilder.LsaFileName));
                p.Report(1);
            })));

            foreach (var (name, run) in steps)
            {
                ct.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                await RunWithProgressAsync(context, name, run, ct);
                context.Console.MarkupLine($"[green]✓[/] {Markup.Escape(name)} in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            }
            context.Console.MarkupLine($"Saved to {Markup.Escape(options.DatasetModelsDirectory)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task RunWithProgressAsync(CliContext context, string name, Action<IProgress<double>> run, CancellationToken ct)
    {
        if (!context.Environment.Interactive) return Task.Run(() => run(new Progress<double>()), ct);
        return context.Console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(name, maxValue: 1);
                await Task.Run(() => run(new BarProgress(bar)), ct);
                bar.Value = 1;
            });
    }

    private sealed class BarProgress(ProgressTask bar) : IProgress<double>
    {
        public void Report(double value) => bar.Value = Math.Clamp(value, 0, 1);
    }

    internal static void Print(CliContext context, bool json, RecommendationsOutput output, string title)
    {
        if (json)
        {
            context.Environment.Out.WriteLine(CommandsJson.Serialize(output));
            return;
        }
        if (output.Recommendations.Count == 0)
        {
            context.Console.MarkupLine("[yellow]No movies match.[/]");
            return;
        }
        context.Console.Write(RecommendationView.Table(output.Recommendations, title));
    }
}
