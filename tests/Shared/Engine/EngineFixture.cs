using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Testing;

/// <summary>
/// The engine on ml-latest-small with the shared metadata and lexicons, built once for all tests that need it.
/// Trained models are kept in a folder under the system temp directory: artifacts carry the fingerprint of
/// their training data, so a later run reuses them only when they are still right (and retrains otherwise).
/// </summary>
public sealed class EngineFixture
{
    /// <summary>One folder per test assembly: test projects run in parallel processes and must not train into the same files.</summary>
    public static readonly string ModelsCache = Path.Combine(Path.GetTempPath(), "movierec-test-models", typeof(EngineFixture).Assembly.GetName().Name!);

    public EngineFixture()
    {
        Options = CreateOptions();
        Engine = EngineBuilder.Build(Options, new HybridOptions());
    }

    /// <summary>ml-latest-small from ../shared/data with its metadata and lexicons; models in <see cref="ModelsCache"/>.</summary>
    public static EngineOptions CreateOptions(string dataset = "ml-latest-small") => new()
    {
        DataDirectory = SharedData.Path("movielens"),
        Dataset = dataset,
        ModelsDirectory = ModelsCache,
        MetadataDirectory = SharedData.Root,
        VaderDirectory = SharedData.Path("vader"),
    };

    public EngineOptions Options { get; }
    public MovieEngine Engine { get; }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
