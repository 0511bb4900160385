using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Cli.Datasets;
using MovieRec.Core.Data;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>`movierec data ...`: pull, import-metadata, info, enrich.</summary>
public static class DataCommands
{
    public static Command Create(CliContext context)
    {
        var data = new Command("data", "Fetch, import and inspect the datasets under the data directory");
        data.Subcommands.Add(Pull(context));
        data.Subcommands.Add(ImportMetadata(context));
        data.Subcommands.Add(Info(context));
        data.Subcommands.Add(Enrich(context));
        return data;
    }

    private static Command Pull(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "ml-latest-small, ml-100k, ml-1m, ml-25m, ml-32m or vader" };
        var from = new Option<string?>("--from") { Description = "Import from a local folder (or a local .zip) instead of downloading" };
        var command = new Command("pull", "Download a dataset (GroupLens zip, checksum-verified) or import it with --from") { name, from };
        command.SetHandler(context, async (parse, ct) =>
        {
            var dataName = parse.GetRequiredValue(name);
            var dataDir = context.DataDirectory(parse);
            var manifest = DatasetManifest.Load(ResolvePath(context, context.Configuration["Data:DatasetsManifest"]), dataDir);
            var entry = manifest.Get(dataName);
            var source = ResolvePath(context, parse.GetValue(from));
            string installed;
            if (source is not null && File.Exists(source) && source.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                installed = await DatasetInstaller.InstallFromZipAsync(dataName, entry, source, dataDir, ct);
            else if (source is not null)
                installed = await DatasetInstaller.InstallFromFolderAsync(dataName, entry, source, dataDir);
            else
                installed = await DownloadAsync(context, dataName, entry, dataDir, ct);
            var files = Directory.EnumerateFiles(installed).Select(Path.GetFileName).Order(StringComparer.Ordinal);
            context.Console.MarkupLine($"[green]Installed[/] {Markup.Escape(dataName)} in {Markup.Escape(installed)}: {Markup.Escape(string.Join(", ", files))}");
            if (entry.Sha256 is null && entry.Url is not null && source is null)
                context.Console.MarkupLine("[grey]No SHA-256 is recorded for this download in datasets.json, so it was not verified.[/]");
            if (entry.License is not null) context.Console.MarkupLine($"[grey]License: {Markup.Escape(entry.License)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> DownloadAsync(CliContext context, string name, DatasetEntry entry, string dataDir, CancellationToken ct)
    {
        var downloader = context.Services.GetRequiredService<DatasetDownloader>();
        Directory.CreateDirectory(dataDir);
        if (entry.Url is { } url)
        {
            var zip = Path.Combine(dataDir, $".download-{name}-{Guid.NewGuid():N}.zip");
            try
            {
                var sha = await WithProgressAsync(context, $"Downloading {name}", p => downloader.DownloadAsync(url, zip, p, ct));
                if (entry.Sha256 is { } expected && !string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
                    throw new CliException($"Checksum mismatch for {url}: expected SHA-256 {expected}, got {sha}. Nothing was installed.", ExitCodes.ServiceError);
                // Already verified: do not hash again.
                return await DatasetInstaller.InstallFromZipAsync(name, entry with { Sha256 = null }, zip, dataDir, ct, ExitCodes.ServiceError);
            }
            finally
            {
                if (File.Exists(zip)) File.Delete(zip);
            }
        }
        return await DatasetInstaller.InstallPreparedAsync(name, entry, async temp =>
        {
            foreach (var file in entry.Downloads)
            {
                var target = Path.Combine(temp, file.File);
                var sha = await WithProgressAsync(context, $"Downloading {file.File}", p => downloader.DownloadAsync(file.Url, target, p, ct));
                if (file.Sha256 is { } expected && !string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
                    throw new CliException($"Checksum mismatch for {file.Url}: expected SHA-256 {expected}, got {sha}. Nothing was installed.", ExitCodes.ServiceError);
            }
        }, dataDir);
    }

    private static Task<T> WithProgressAsync<T>(CliContext context, string label, Func<IProgress<(long Bytes, long? Total)>, Task<T>> work) =>
        context.Console.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(label));
            var progress = new Progress<(long Bytes, long? Total)>(p =>
            {
                if (p.Total is { } total && total > 0) { task.MaxValue = total; task.Value = p.Bytes; }
                else task.IsIndeterminate = true;
            });
            var result = await work(progress);
            task.Value = task.MaxValue;
            task.StopTask();
            return result;
        });

    private static Command ImportMetadata(CliContext context)
    {
        var dir = new Argument<string>("dir") { Description = "A folder with tmdb/ and/or overviews/ (the layout of ../shared/data)" };
        var command = new Command("import-metadata", "Import movie metadata files (TMDB, overviews) into data/metadata/") { dir };
        command.SetHandler(context, (parse, ct) =>
        {
            var source = ResolvePath(context, parse.GetRequiredValue(dir))!;
            if (!Directory.Exists(source)) throw new CliException($"Folder not found: {source}");
            if (!MetadataImporter.HasSources(source))
                throw new CliException($"{source} has no tmdb/ or overviews/ folder to import");
            var summary = MetadataImporter.Import(source, context.DataDirectory(parse));
            var table = new Table().AddColumn("source").AddColumn(new TableColumn("records").RightAligned());
            foreach (var (name, count) in summary.RecordsPerSource) table.AddRow(name, count.ToString("N0", CultureInfo.InvariantCulture));
            context.Console.Write(table);
            context.Console.MarkupLine($"[green]Imported[/] into {Markup.Escape(summary.Path)}; {summary.BadRows.Count} rows skipped");
            foreach (var bad in summary.BadRows.Take(10)) context.Console.MarkupLine($"[yellow]  {Markup.Escape(bad.ToString())}[/]");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Info(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "Dataset folder under the data directory (default: MovieRec:Dataset)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("info", "Counts, density and metadata coverage of a dataset") { name, json };
        command.SetHandler(context, (parse, ct) =>
        {
            var ds = context.LoadDataset(parse, parse.GetValue(name));
            var info = DataInfo.Of(ds);
            if (parse.GetValue(json))
            {
                context.Environment.Out.WriteLine(JsonSerializer.Serialize(info, CliJsonContext.Default.DataInfo));
                return Task.FromResult(ExitCodes.Ok);
            }
            var c = CultureInfo.InvariantCulture;
            var table = new Table().Title(Markup.Escape($"{info.Name} ({info.Format})")).AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
            table.AddRow("movies", info.Movies.ToString("N0", c));
            table.AddRow("users", info.Users.ToString("N0", c));
            table.AddRow("ratings", info.Ratings.ToString("N0", c));
            table.AddRow("tags", info.Tags.ToString("N0", c));
            table.AddRow("density", info.Density.ToString("P2", c));
            table.AddRow("users with demographics", info.UsersWithDemographics.ToString("N0", c));
            table.AddRow("movies with an overview", $"{info.MoviesWithOverview.ToString("N0", c)} ({info.OverviewMovieShare.ToString("P1", c)})");
            table.AddRow("ratings of those movies", info.OverviewRatingShare.ToString("P1", c));
            table.AddRow("bad rows skipped", info.BadRows.ToString("N0", c));
            context.Console.Write(table);
            if (info.MoviesWithMetadata == 0)
                context.Console.MarkupLine("[grey]No metadata merged; run: movierec data import-metadata DIR (or movierec data enrich)[/]");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Enrich(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "Dataset (default: MovieRec:Dataset)", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--limit") { Description = "Fetch at most this many movies in this run" };
        var command = new Command("enrich", "Fill overviews, keywords, director and cast from the TMDB API (env TMDB_API_KEY); resumable") { name, limit };
        command.SetHandler(context, async (parse, ct) =>
        {
            var key = context.Configuration["TMDB_API_KEY"] ?? context.Configuration["Tmdb:ApiKey"];
            if (string.IsNullOrWhiteSpace(key))
                throw new CliException("No TMDB API key: set the environment variable TMDB_API_KEY (https://www.themoviedb.org/settings/api)");
            var ds = context.LoadDataset(parse, parse.GetValue(name), loadMetadata: false);
            var movies = parse.GetValue(limit) is { } n ? ds.Movies.Take(n).ToList() : ds.Movies;
            var client = context.Services.GetRequiredService<TmdbClient>();
            client.ApiKey = key;
            var enricher = new MetadataEnricher(client)
            {
                RequestsPerSecond = context.Configuration.GetValue("Tmdb:RequestsPerSecond", 20.0),
            };
            MetadataEnricher.Result result = null!;
            await context.Console.Progress().AutoClear(false).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("TMDB");
                var progress = new Progress<(int Done, int Total)>(p => { task.MaxValue = Math.Max(1, p.Total); task.Value = p.Done; });
                result = await enricher.RunAsync(movies, context.DataDirectory(parse), progress, ct);
                task.Value = task.MaxValue;
            });
            context.Console.MarkupLine($"[green]Enriched[/] {result.Fetched:N0} movies ({result.NotFound:N0} unknown to TMDB, {result.AlreadyCached:N0} already cached, " +
                                       $"{result.WithoutTmdbId:N0} without a tmdbId) into {Markup.Escape(result.CacheFile)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? ResolvePath(CliContext context, string? path) =>
        path is null ? null : Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, path));
}
