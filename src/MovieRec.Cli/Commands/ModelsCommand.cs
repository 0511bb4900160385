using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Engine.Text.Bert;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>`movierec models pull minilm [--from DIR]`: installs the MiniLM sentence encoder under the models directory.</summary>
public static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var models = new Command("models", "Download or import the pre-trained models (the MiniLM sentence encoder)");
        models.Subcommands.Add(Pull(context));
        return models;
    }

    /// <summary>The models directory, absolute: MovieRec:ModelsDirectory (default ./models), relative to the current directory.</summary>
    public static string ModelsDirectory(CliContext context) =>
        Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, context.Configuration["Engine:ModelsDirectory"] ?? "models"));

    private static Command Pull(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "minilm (sentence-transformers/all-MiniLM-L6-v2 at a pinned revision)" };
        var from = new Option<string?>("--from") { Description = "Import a local sentence-transformers folder instead of downloading" };
        var command = new Command("pull", "Download a model from Hugging Face (SHA-256 checked) or import it with --from") { name, from };
        command.SetHandler(context, async (parse, ct) =>
        {
            var modelName = parse.GetRequiredValue(name);
            if (modelName != ModelSource.AllMiniLmL6V2.Name)
                throw new CliException($"Unknown model '{modelName}'; available: {ModelSource.AllMiniLmL6V2.Name}", ExitCodes.Usage);
            var hub = context.Configuration["HuggingFace:BaseUrl"] ?? "https://huggingface.co/";
            using var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient("huggingface");
            http.Timeout = TimeSpan.FromMinutes(30);
            var store = new MiniLmModelStore(ModelsDirectory(context), http, hubBase: new Uri(hub.EndsWith('/') ? hub : hub + "/"));
            var source = parse.GetValue(from) is { } dir ? Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, dir)) : null;

            ModelManifest manifest;
            try
            {
                manifest = source is not null ? store.Import(source) : await DownloadAsync(context, store, ct);
            }
            catch (ModelLoadException e)
            {
                // a bad download is the service's fault (exit 4), a bad local folder the user's (exit 1)
                throw new CliException($"{e.Message}. Nothing was installed.", source is null ? ExitCodes.ServiceError : ExitCodes.UserError);
            }

            context.Console.MarkupLine($"[green]Installed[/] {Markup.Escape(store.Source.Repository)} at {Markup.Escape(store.Source.Revision[..12])} in {Markup.Escape(store.ModelFolder)}");
            var table = new Table().AddColumn("file").AddColumn(new TableColumn("bytes").RightAligned()).AddColumn("sha256").AddColumn("");
            foreach (var file in manifest.Files)
                table.AddRow(Markup.Escape(file.Path), file.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), file.Sha256[..16],
                    store.Source.Sha256.ContainsKey(file.Path) ? "[green]pinned[/]" : "[grey]recorded[/]");
            context.Console.Write(table);
            context.Console.MarkupLine("[grey]Files without a pinned SHA-256 are recorded in manifest.json; later pulls must match them.[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Task<ModelManifest> DownloadAsync(CliContext context, MiniLmModelStore store, CancellationToken ct) =>
        context.Console.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new InlineProgress(p =>
            {
                lock (tasks)
                {
                    if (!tasks.TryGetValue(p.File, out var task))
                        tasks[p.File] = task = ctx.AddTask(Markup.Escape($"{p.File} ({p.FileIndex + 1}/{p.FileCount})"));
                    if (p.BytesTotal is { } total && total > 0) { task.MaxValue = total; task.Value = p.BytesDone; }
                    else task.IsIndeterminate = true;
                }
            });
            var manifest = await store.PullAsync(progress, ct);
            foreach (var task in tasks.Values) { task.Value = task.MaxValue; task.StopTask(); }
            return manifest;
        });

    /// <summary>Reports on the downloading thread, so the bars are complete when the download returns.</summary>
    private sealed class InlineProgress(Action<ModelDownloadProgress> report) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) => report(value);
    }
}
