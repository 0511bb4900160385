using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

/// <summary>
/// One copy of ml-latest-small (pulled with `data pull --from`) shared by the tests that run the engine, and the shared
/// models folder under the system temp directory: artifacts carry the fingerprint of their data, so reuse is safe
/// (and the Agent tests' fixture, with the same data and metadata, trains the same artifacts).
/// </summary>
public sealed class EngineDataFixture : IDisposable
{
    public static readonly string ModelsCache = Path.Combine(Path.GetTempPath(), "movierec-test-models");

    private readonly TempDir _temp = new();

    public EngineDataFixture()
    {
        DataDirectory = Path.Combine(_temp.Path, "data");
        using var cli = new CliRunner();
        var pull = cli.RunAsync("data", "pull", "ml-latest-small", "--from", SharedData.MovieLens("ml-latest-small"), "--data-dir", DataDirectory)
            .GetAwaiter().GetResult();
        if (pull.ExitCode != 0) throw new InvalidOperationException("data pull failed: " + pull.Error);
    }

    public string DataDirectory { get; }

    /// <summary>A runner on the shared data, with its own session database (in its temp folder).</summary>
    public CliRunner Runner()
    {
        var cli = new CliRunner();
        cli.Settings["Engine:DataDirectory"] = DataDirectory;
        cli.Settings["Engine:ModelsDirectory"] = ModelsCache;
        cli.Settings["Engine:MetadataDirectory"] = SharedData.Root;
        cli.Settings["Engine:VaderDirectory"] = SharedData.Path("vader");
        cli.Settings["Stores:Path"] = Path.Combine(cli.Root, "movierec.db");
        cli.Settings["Prompts:Folder"] = Path.Combine(SharedData.RepoRoot, "prompts");
        cli.Settings["Llm:Provider"] = "none";
        return cli;
    }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineDataCollection : ICollectionFixture<EngineDataFixture>
{
    public const string Name = "engine data";
}
