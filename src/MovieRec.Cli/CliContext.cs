using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Engine;
using Spectre.Console;

namespace MovieRec.Cli;

/// <summary>
/// What every command needs: configuration, DI services, the consoles, the data directory and the dataset loader.
/// Command groups receive it in their factory (e.g. <c>DataCommands.Create(context)</c>).
/// </summary>
public sealed class CliContext(CliEnvironment environment, IConfiguration configuration, IServiceProvider services, IAnsiConsole console, IAnsiConsole errorConsole)
    : IAsyncDisposable
{
    private ServiceProvider? _agentServices;

    /// <summary>--data-dir, on every command: overrides Engine:DataDirectory.</summary>
    public Option<string?> DataDirOption { get; } = new("--data-dir")
    {
        Description = "Data directory (default: Engine:DataDirectory from appsettings.json, else ./data)",
        Recursive = true,
    };

    public CliEnvironment Environment => environment;
    public IConfiguration Configuration => configuration;
    public IServiceProvider Services => services;
    public IAnsiConsole Console => console;
    public IAnsiConsole ErrorConsole => errorConsole;

    /// <summary>The data directory, absolute: --data-dir, else Engine:DataDirectory, else "data"; relative to the current directory.</summary>
    public string DataDirectory(ParseResult parse)
    {
        var dir = parse.GetValue(DataDirOption) ?? configuration["Engine:DataDirectory"] ?? "data";
        return Path.GetFullPath(Path.Combine(environment.CurrentDirectory, dir));
    }

    /// <summary>The dataset name: the argument when given, else Engine:Dataset, else ml-latest-small.</summary>
    public string DatasetName(string? name) => name ?? configuration["Engine:Dataset"] ?? "ml-latest-small";

    /// <summary>
    /// Loads data/NAME as the engine does (Engine:MaxBadRowFraction, Engine:MetadataDirectory), with its imported metadata
    /// unless <paramref name="loadMetadata"/> is false; a missing dataset is a <see cref="CliException"/> naming the pull command.
    /// </summary>
    public MovieDataset LoadDataset(ParseResult parse, string? name = null, bool loadMetadata = true)
    {
        var directory = RequireDataset(parse, name);
        var engine = AgentServices(parse).GetRequiredService<IOptions<EngineOptions>>().Value; // validated when built
        return DatasetLoader.Load(directory, engine.LoadOptions() with { LoadMetadata = loadMetadata });
    }

    /// <summary>The folder of data/NAME; a missing dataset is a <see cref="CliException"/> naming the pull command.</summary>
    public string RequireDataset(ParseResult parse, string? name = null)
    {
        var datasetName = DatasetName(name);
        var dir = Path.Combine(DataDirectory(parse), datasetName);
        if (!Directory.Exists(dir) || DatasetLoader.DetectFormat(dir) is null)
            throw CliException.MissingData($"Dataset '{datasetName}' not found in {DataDirectory(parse)}.", $"movierec data pull {datasetName}");
        return dir;
    }

    /// <summary>The engine-side services (chat, movies, email, stores) for this run's data directory; built once.</summary>
    public IServiceProvider AgentServices(ParseResult parse) =>
        _agentServices ??= CliApp.BuildAgentServices(configuration, environment, DataDirectory(parse));

    public ValueTask DisposeAsync() => _agentServices?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Error(string message, string? hint = null)
    {
        if (!environment.Interactive)
        {
            // whole lines for scripts and logs: the console would wrap a long message (paths, hashes) at its width
            environment.Error.WriteLine($"error: {message}");
            if (hint is not null) environment.Error.WriteLine(hint);
            return;
        }
        errorConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (hint is not null) errorConsole.MarkupLine($"[yellow]{Markup.Escape(hint)}[/]");
    }
}
