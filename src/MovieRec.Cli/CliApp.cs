using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Cli.Commands;
using MovieRec.Agent.Hosting;
using MovieRec.Cli.Datasets;
using Spectre.Console;

namespace MovieRec.Cli;

/// <summary>Builds the `movierec` command tree and runs it; in-process and testable (see <see cref="CliEnvironment"/>).</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        IConfiguration configuration;
        try { configuration = BuildConfiguration(environment); }
        catch (InvalidDataException e)
        {
            // a broken appsettings.json is a user error: say which file and why, no stack trace
            await environment.Error.WriteLineAsync($"error: {e.Message} {e.InnerException?.Message}");
            return ExitCodes.UserError;
        }
        await using var services = BuildServices(configuration);
        await using var context = new CliContext(environment, configuration, services,
            CreateConsole(environment.Out, environment.Interactive), CreateConsole(environment.Error, environment.Interactive));
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error, EnableDefaultExceptionHandler = false };
        // chat handles Ctrl+C itself (it cancels the answer, not the session); serve leaves it to the web host's graceful shutdown
        if (parse.CommandResult.Command.Name is "chat" or "serve") invocation.ProcessTerminationTimeout = null;
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors) context.Error(error.Message);
            context.ErrorConsole.MarkupLine("[grey]see: movierec --help[/]");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The root command: one line per command group (each in Commands/, with a static Create(context)).</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("MovieRec: a conversational movie recommender");
        root.Options.Add(context.DataDirOption);
        root.Subcommands.Add(DataCommands.Create(context));
        root.Subcommands.Add(SentimentCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(ModelsCommand.Create(context));
        foreach (var command in MovieCommands.Create(context)) root.Subcommands.Add(command);
        root.Subcommands.Add(ChatCommand.Create(context));
        root.Subcommands.Add(EmailCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        return root;
    }

    /// <summary>
    /// appsettings.json next to the executable, then in the current directory, then environment variables with the
    /// prefix MOVIEREC__ (MOVIEREC__ENGINE__DATASET = Engine:Dataset, MOVIEREC__LLM__PROVIDER = Llm:Provider), then the test's settings.
    /// </summary>
    public static IConfiguration BuildConfiguration(CliEnvironment environment) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(environment.CurrentDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables("MOVIEREC__")
        .AddInMemoryCollection(environment.Settings)
        .Build();

    /// <summary>
    /// The engine-side services (options, stores, prompts, LLM, chat, movie and email services) over
    /// <paramref name="configuration"/> with the paths made absolute against the command's folder and --data-dir.
    /// </summary>
    public static ServiceProvider BuildAgentServices(IConfiguration configuration, CliEnvironment environment, string dataDirectory)
    {
        var effective = EffectiveConfiguration(configuration, environment, dataDirectory);
        var services = new ServiceCollection();
        services.AddSingleton(effective);
        services.AddLogging(); // no providers: commands print what matters themselves
        services.AddMovieRecServices(effective);
        var provider = services.BuildServiceProvider();
        // what a host checks when it starts (the options marked ValidateOnStart, prompts among them), before any work
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            provider.Dispose();
            var failures = e is AggregateException all ? all.InnerExceptions.Select(x => x.Message) : [e.Message];
            throw new CliException($"Invalid configuration: {string.Join("; ", failures)}");
        }
        return provider;
    }

    /// <summary>The configuration with Engine:DataDirectory = the command's data directory and the other paths absolute.</summary>
    public static IConfiguration EffectiveConfiguration(IConfiguration configuration, CliEnvironment environment, string dataDirectory)
    {
        string Absolute(string path) => Path.GetFullPath(Path.Combine(environment.CurrentDirectory, path));
        var paths = new Dictionary<string, string?>
        {
            ["Engine:DataDirectory"] = dataDirectory,
            ["Engine:ModelsDirectory"] = Absolute(configuration["Engine:ModelsDirectory"] ?? "models"),
            ["Stores:Path"] = configuration["Stores:Path"] is { Length: > 0 } store ? Absolute(store) : Path.Combine(dataDirectory, "movierec.db"),
        };
        foreach (var key in new[] { "Engine:MetadataDirectory", "Engine:VaderDirectory" })
            if (configuration[key] is { Length: > 0 } value) paths[key] = Absolute(value);
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(paths).Build();
    }

    public static ServiceProvider BuildServices(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddHttpClient<DatasetDownloader>(c => c.Timeout = TimeSpan.FromMinutes(30));
        services.AddHttpClient<TmdbClient>((sp, c) =>
        {
            var baseUrl = configuration["Tmdb:BaseUrl"] ?? "https://api.themoviedb.org/";
            c.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            c.Timeout = TimeSpan.FromSeconds(30);
        });
        return services.BuildServiceProvider();
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 160; // redirected output and tests: do not wrap messages at 80 columns
        return console;
    }
}
