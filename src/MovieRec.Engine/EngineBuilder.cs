using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Text.Bert;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Embeddings;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Engine.Text.Sentiment;
using MovieRec.Engine.Text.Vader;
using MovieRec.Engine.Vectors;

namespace MovieRec.Engine;

/// <summary>Where the engine's data and models are, and which models it uses (appsettings.json section "Engine").</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    [Required] public string DataDirectory { get; set; } = "data";
    [Required] public string ModelsDirectory { get; set; } = "models";
    /// <summary>The dataset folder under <see cref="DataDirectory"/>: ml-latest-small, ml-100k, ml-1m, ml-25m, ml-32m.</summary>
    [Required] public string Dataset { get; set; } = "ml-latest-small";
    /// <summary>The collaborative model of the hybrid (a name from RecommenderCatalog: ease, mf, als, itemknn ...).</summary>
    [Required] public string CollaborativeModel { get; set; } = "ease-rated";
    /// <summary>lsa (always available), minilm (needs `movierec models pull minilm`; falls back to lsa when absent), or a provider: openai, ollama.</summary>
    [Required] public string Embedder { get; set; } = "lsa";
    /// <summary>For Embedder "openai" (any OpenAI-compatible /v1/embeddings) or "ollama" (/api/embed): the server
    /// (default api.openai.com/v1 or localhost:11434), the model (required) and the key (default OPENAI_API_KEY).</summary>
    public string? EmbeddingEndpoint { get; set; }
    public string? EmbeddingModel { get; set; }
    public string? EmbeddingApiKey { get; set; }
    /// <summary>exact, or hnsw for large catalogs.</summary>
    [Required] public string VectorIndex { get; set; } = "exact";

    /// <summary>Imported movie metadata; default data/metadata (also a folder of raw TMDB/overview files).</summary>
    public string? MetadataDirectory { get; set; }
    /// <summary>The VADER lexicons; default data/vader.</summary>
    public string? VaderDirectory { get; set; }
    /// <summary>Share of bad rows a dataset file may have; more fails the load (see <see cref="DatasetLoadOptions.MaxBadRowFraction"/>).</summary>
    [Range(0.0, 1.0, ErrorMessage = "Engine:MaxBadRowFraction must be a share from 0 to 1 (e.g. 0.05 for 5% bad rows per file).")]
    public double MaxBadRowFraction { get; set; } = DatasetLoadOptions.DefaultMaxBadRowFraction;

    public string DatasetDirectory => Path.Combine(DataDirectory, Dataset);
    /// <summary>models/DATASET: the trained artifacts of the configured dataset.</summary>
    public string DatasetModelsDirectory => Path.Combine(ModelsDirectory, Dataset);
    public string MiniLmDirectory => Path.Combine(ModelsDirectory, "minilm");
    public string VaderFolder => VaderDirectory ?? Path.Combine(DataDirectory, "vader");

    /// <summary>How the dataset is loaded, for the engine and for the commands that read it.</summary>
    public DatasetLoadOptions LoadOptions() => new() { MetadataDirectory = MetadataDirectory, MaxBadRowFraction = MaxBadRowFraction };
}

/// <summary>One step of building the engine, for progress bars.</summary>
public readonly record struct EngineBuildStep(string Name, double Fraction);

/// <summary>
/// Loads the dataset and builds the engine, reusing trained artifacts under models/ when they were trained on
/// the same data (their fingerprint matches) and retraining them otherwise: stale artifacts are never used.
/// </summary>
public static class EngineBuilder
{
    /// <summary>The LSA model of the full movie descriptions, under models/DATASET/.</summary>
    public const string LsaFileName = "lsa.bin";

    /// <summary>The named HttpClient a host gives the builder for Embedder "ollama" or "openai" (register it with AddHttpClient to add handlers or a proxy).</summary>
    public const string EmbeddingHttpClientName = "MovieRec.Embeddings";

    /// <param name="embeddingHttp">For Embedder "ollama" or "openai": a new client from the host's IHttpClientFactory (for ollama its
    /// BaseAddress is set here from Engine:EmbeddingEndpoint); without one the builder (or the OpenAI SDK) makes its own.</param>
    public static MovieEngine Build(EngineOptions options, HybridOptions hybrid, IProgress<EngineBuildStep>? progress = null, ILogger? logger = null,
        HttpClient? embeddingHttp = null)
    {
        logger ??= NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        progress?.Report(new("loading dataset", 0));
        var dataset = DatasetLoader.Load(options.DatasetDirectory, options.LoadOptions(), progress: new Progress<double>(f => progress?.Report(new("loading dataset", f))));
        var engine = Build(dataset, options, hybrid, MovieDocumentOptions.Full, progress, logger, embeddingHttp);
        logger.LogInformation("Engine ready in {Seconds:0.0}s: {Description}", clock.Elapsed.TotalSeconds, engine.Description);
        return engine;
    }

    /// <summary>
    /// Builds the engine over a dataset already in memory (e.g. the training part of an evaluation split: give it its
    /// own <see cref="MovieDataset.Name"/> so its artifacts are cached apart). <paramref name="documents"/> chooses the
    /// fields of the movie descriptions (the tag-queries protocol leaves tags out).
    /// </summary>
    public static MovieEngine Build(MovieDataset dataset, EngineOptions options, HybridOptions hybrid, MovieDocumentOptions documents,
        IProgress<EngineBuildStep>? progress = null, ILogger? logger = null, HttpClient? embeddingHttp = null)
    {
        logger ??= NullLogger.Instance;
        var ratings = RatingMatrix.Build(dataset.Ratings, dataset.Scale);
        var collaborative = LoadOrTrain(options.CollaborativeModel, options, dataset, ratings, progress, logger);
        // users known only by their demographics (ML-100K, ML-1M) get the prior of the cluster they most likely belong to
        var clusters = dataset.Users.Any(u => u.HasDemographics) ? (UserClusters)LoadOrTrain("kmeans", options, dataset, ratings, progress, logger) : null;
        var content = BuildContent(options, dataset, documents, progress, logger, embeddingHttp);
        var sentiment = BuildSentiment(options, dataset, logger);
        var movies = dataset.Movies.ToDictionary(m => m.Id);
        var tags = MovieEngine.TagsOf(dataset);
        var engine = new MovieEngine(dataset, ratings, new HybridRecommender(movies, ratings, collaborative, content, sentiment, hybrid, clusters, tags), sentiment,
            $"{dataset.Name}: {dataset.Movies.Count:N0} movies, {ratings.RatingCount:N0} ratings; {collaborative.Kind} + {content.Index.Dimension}-d content; sentiment {(sentiment is null ? "off" : "on")}"
            + (clusters is null ? "" : "; demographic clusters"), tags);
        progress?.Report(new("ready", 1));
        return engine;
    }

    /// <summary>Loads the model <paramref name="modelName"/> when it was trained on these ratings; trains and saves it otherwise.</summary>
    public static Recommender LoadOrTrain(string modelName, EngineOptions options, MovieDataset dataset, RatingMatrix ratings, IProgress<EngineBuildStep>? progress, ILogger logger)
    {
        var side = SideInfo.From(dataset);
        var folder = Path.Combine(options.ModelsDirectory, dataset.Name);
        var path = Path.Combine(folder, modelName + ".model");
        if (File.Exists(path))
        {
            try { return ModelFile.Load(path, ratings, side); }
            catch (Exception e) when (e is ModelMismatchException or ModelFormatException)
            {
                logger.LogWarning("Retraining {Model}: {Reason}", modelName, e.Message);
            }
        }
        var model = RecommenderCatalog.Create(modelName, side);
        var name = $"training {modelName}";
        model.Fit(ratings, new Progress<double>(f => progress?.Report(new(name, f))));
        Directory.CreateDirectory(folder);
        model.Save(path);
        return model;
    }

    private static ContentIndex BuildContent(EngineOptions options, MovieDataset dataset, MovieDocumentOptions documentOptions, IProgress<EngineBuildStep>? progress, ILogger logger,
        HttpClient? embeddingHttp)
    {
        var documents = new MovieDocumentBuilder(documentOptions).BuildAll(dataset);
        var folder = Path.Combine(options.ModelsDirectory, dataset.Name);
        IEmbeddingGenerator<string, Embedding<float>> embedder;
        float[][] vectors;
        // encoded once per embedder and description: a second start reads the cache under models/
        float[][] Encode(IEmbeddingGenerator<string, Embedding<float>> generator, string cacheId)
        {
            progress?.Report(new($"encoding descriptions ({options.Embedder})", 0));
            var cached = new CachedEmbeddingGenerator(generator, CachedEmbeddingGenerator.DefaultPath(options.ModelsDirectory, cacheId));
            return [.. cached.GenerateAsync(documents.Select(d => d.Text)).GetAwaiter().GetResult().Select(e => e.Vector.ToArray())];
        }
        if (ProviderEmbedder(options, embeddingHttp) is { } provider)
        {
            vectors = Encode(provider, $"{options.Embedder.ToLowerInvariant()}-{options.EmbeddingModel}-{dataset.Name}");
            embedder = provider;
        }
        else if (string.Equals(options.Embedder, "minilm", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(options.MiniLmDirectory, "config.json")))
        {
            var encoder = BertEncoder.Load(options.MiniLmDirectory, logger: logger);
            vectors = Encode(encoder, "minilm-" + dataset.Name);
            embedder = encoder;
        }
        else
        {
            if (!string.Equals(options.Embedder, "lsa", StringComparison.OrdinalIgnoreCase))
                logger.LogWarning("Embedder {Embedder} is not available (no model under {Folder}); using LSA", options.Embedder, options.MiniLmDirectory);
            progress?.Report(new("fitting LSA", 0));
            var path = Path.Combine(folder, documentOptions.Tags ? LsaFileName : "lsa-notags.bin");
            var lsa = LsaEmbedder.LoadIfCurrent(path, documents);
            if (lsa is null)
            {
                lsa = LsaEmbedder.Fit(documents);
                Directory.CreateDirectory(folder);
                lsa.Save(path);
            }
            vectors = documents.Select(d => lsa.TryGetDocumentVector(d.MovieId, out var v) ? v.ToArray() : lsa.Embed(d.Text)).ToArray();
            embedder = lsa;
        }

        IVectorIndex index = string.Equals(options.VectorIndex, "hnsw", StringComparison.OrdinalIgnoreCase)
            ? new HnswVectorIndex(vectors[0].Length)
            : new ExactVectorIndex(vectors[0].Length, documents.Count);
        for (var i = 0; i < documents.Count; i++)
            if (vectors[i].Any(x => x != 0)) index.Add(documents[i].MovieId, vectors[i]);
        return new ContentIndex(embedder, index);
    }

    /// <summary>The provider's generator for Embedder "openai" or "ollama"; null for the local embedders.</summary>
    private static IEmbeddingGenerator<string, Embedding<float>>? ProviderEmbedder(EngineOptions options, HttpClient? http)
    {
        var provider = options.Embedder.ToLowerInvariant();
        if (provider is not ("openai" or "ollama")) return null;
        var model = string.IsNullOrWhiteSpace(options.EmbeddingModel)
            ? throw new InvalidOperationException($"Engine:EmbeddingModel is required with Engine:Embedder {provider} (e.g. text-embedding-3-small, nomic-embed-text).")
            : options.EmbeddingModel;
        if (provider == "ollama")
        {
            http ??= new HttpClient();
            http.BaseAddress = new Uri(options.EmbeddingEndpoint ?? "http://localhost:11434/");
            return new OllamaEmbeddingGenerator(http, model);
        }
        // local OpenAI-compatible servers take no key; the SDK needs a non-empty one
        var key = options.EmbeddingApiKey ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "no-key";
        return OpenAiEmbeddingGenerator.Create(new Uri(options.EmbeddingEndpoint ?? "https://api.openai.com/v1"), key, model, http);
    }

    private static TagSentimentIndex? BuildSentiment(EngineOptions options, MovieDataset dataset, ILogger logger)
    {
        if (!File.Exists(Path.Combine(options.VaderFolder, "vader_lexicon.txt")))
        {
            logger.LogWarning("Tag sentiment is off: no VADER lexicon in {Folder} (run: movierec data pull vader)", options.VaderFolder);
            return null;
        }
        return TagSentimentIndex.Build(dataset.Tags, new VaderAnalyzer(options.VaderFolder));
    }
}
