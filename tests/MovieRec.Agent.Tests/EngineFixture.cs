using MovieRec.Engine;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests;

/// <summary>
/// The engine on ml-latest-small with the shared metadata and lexicons, built once for all tests that need it.
/// Trained models are kept in a folder under the system temp directory: artifacts carry the fingerprint of
/// their training data, so a later run reuses them only when they are still right (and retrains otherwise).
/// </summary>
public sealed class EngineFixture
{
    public static readonly string ModelsCache = Path.Combine(Path.GetTempPath(), "movierec-test-models");

    public EngineFixture()
    {
        Options = new EngineOptions
        {
            DataDirectory = SharedData.Path("movielens"),
            Dataset = "ml-latest-small",
            ModelsDirectory = ModelsCache,
            MetadataDirectory = SharedData.Root,
            VaderDirectory = SharedData.Path("vader"),
        };
        Engine = EngineBuilder.Build(Options, new HybridOptions());
    }

    public EngineOptions Options { get; }
    public MovieEngine Engine { get; }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
