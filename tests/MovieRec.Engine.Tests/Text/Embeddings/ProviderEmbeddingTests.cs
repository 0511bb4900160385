using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Embeddings;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Embeddings;

/// <summary>The Ollama and OpenAI-compatible generators end to end against a scripted server on 127.0.0.1.</summary>
public class ProviderEmbeddingTests
{
    private static readonly EmbeddingProviderOptions Fast = new() { BatchSize = 2, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };
    private static readonly string[] Texts = ["a", "bb", "ccc", "dddd", "eeeee"];

    /// <summary>A deterministic fake vector: [length of the text, 1].</summary>
    private static float[] VectorOf(string text) => [text.Length, 1f];

    private static string[] Inputs(ScriptedHttpServer.RecordedRequest request) =>
        JsonNode.Parse(request.Body)!["input"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    /// <summary>Answers like Ollama /api/embed; the first <paramref name="failures"/> requests get <paramref name="failStatus"/>.</summary>
    private static ScriptedHttpServer Ollama(int failures = 0, int failStatus = 500)
    {
        int seen = 0;
        return new ScriptedHttpServer(async (request, response) =>
        {
            if (Interlocked.Increment(ref seen) <= failures) { await ScriptedHttpServer.WriteAsync(response, "{\"error\":\"busy\"}", status: failStatus); return; }
            var body = JsonSerializer.Serialize(new { model = "nomic", embeddings = Inputs(request).Select(VectorOf) });
            await ScriptedHttpServer.WriteAsync(response, body);
        });
    }

    private static ScriptedHttpServer OpenAi(int failures = 0, int failStatus = 500)
    {
        int seen = 0;
        return new ScriptedHttpServer(async (request, response) =>
        {
            if (Interlocked.Increment(ref seen) <= failures)
            {
                await ScriptedHttpServer.WriteAsync(response, "{\"error\":{\"message\":\"rate limited\",\"type\":\"requests\"}}", status: failStatus);
                return;
            }
            var base64 = JsonNode.Parse(request.Body)!["encoding_format"]?.GetValue<string>() == "base64";
            var data = Inputs(request).Select((text, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = base64 ? (object)Convert.ToBase64String(VectorOf(text).SelectMany(BitConverter.GetBytes).ToArray()) : VectorOf(text),
            });
            var body = JsonSerializer.Serialize(new { @object = "list", data, model = "text-embedding-3-small", usage = new { prompt_tokens = 3, total_tokens = 3 } });
            await ScriptedHttpServer.WriteAsync(response, body);
        });
    }

    private static HttpClient Client(ScriptedHttpServer server) => new() { BaseAddress = server.BaseAddress };

    private static readonly MovieDataset TinyDataset = new()
    {
        Name = "tiny", Users = [],
        Movies = [new Movie(1, "Heat", 1995, ["Crime"]), new Movie(2, "Toy Story", 1995, ["Animation"]), new Movie(3, "Alien", 1979, ["Horror"])],
        Ratings = [new Rating(1, 1, 4, 0), new Rating(1, 2, 5, 0), new Rating(2, 3, 3, 0), new Rating(2, 1, 5, 0)],
    };

    [Fact]
    public async Task Ollama_splits_batches_and_keeps_order()
    {
        await using var server = Ollama();
        using var http = Client(server);
        using var generator = new OllamaEmbeddingGenerator(http, "nomic-embed-text", Fast);
        var result = await generator.GenerateAsync(Texts);
        Assert.Equal(Texts.Select(VectorOf), result.Select(e => e.Vector.ToArray()));
        var requests = server.Requests.ToArray();
        Assert.Equal([2, 2, 1], requests.Select(r => Inputs(r).Length));
        Assert.All(requests, r => Assert.Equal("/api/embed", r.PathAndQuery));
        Assert.All(requests, r => Assert.Equal("nomic-embed-text", JsonNode.Parse(r.Body)!["model"]!.GetValue<string>()));
        Assert.Empty(await generator.GenerateAsync([]));
        Assert.Equal(3, server.Requests.Count); // nothing sent for no input
    }

    [Fact]
    public async Task Ollama_retries_after_429()
    {
        await using var server = Ollama(failures: 1, failStatus: 429);
        using var http = Client(server);
        using var generator = new OllamaEmbeddingGenerator(http, "nomic-embed-text", Fast);
        var result = await generator.GenerateAsync(["x", "yy"]);
        Assert.Equal([[1f, 1f], [2f, 1f]], result.Select(e => e.Vector.ToArray()));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Ollama_500_exhausts_retries_with_a_clear_error()
    {
        await using var server = Ollama(failures: 100, failStatus: 500);
        using var http = Client(server);
        using var generator = new OllamaEmbeddingGenerator(http, "nomic-embed-text", Fast);
        var error = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["x"]));
        Assert.Contains("api/embed: HTTP 500 InternalServerError after 3 attempts", error.Message);
        Assert.Contains("busy", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Ollama_client_errors_are_not_retried()
    {
        await using var server = Ollama(failures: 100, failStatus: 404);
        using var http = Client(server);
        using var generator = new OllamaEmbeddingGenerator(http, "missing-model", Fast);
        var error = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["x"]));
        Assert.Contains("HTTP 404", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task OpenAi_splits_batches_and_keeps_order()
    {
        await using var server = OpenAi();
        using var generator = OpenAiEmbeddingGenerator.Create(new Uri(server.BaseAddress, "v1"), "sk-test", "text-embedding-3-small", options: Fast);
        var result = await generator.GenerateAsync(Texts);
        Assert.Equal(Texts.Select(VectorOf), result.Select(e => e.Vector.ToArray()));
        var requests = server.Requests.ToArray();
        Assert.Equal([2, 2, 1], requests.Select(r => Inputs(r).Length));
        Assert.All(requests, r => Assert.Equal("/v1/embeddings", r.PathAndQuery));
        Assert.All(requests, r => Assert.Equal("Bearer sk-test", r.Headers["Authorization"]));
        Assert.Equal(9, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task OpenAi_retries_after_429()
    {
        await using var server = OpenAi(failures: 1, failStatus: 429);
        using var generator = OpenAiEmbeddingGenerator.Create(new Uri(server.BaseAddress, "v1"), "sk-test", "m", options: Fast);
        var result = await generator.GenerateAsync(["x"]);
        Assert.Equal([1f, 1f], result[0].Vector.ToArray());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task OpenAi_500_exhausts_retries_with_a_clear_error()
    {
        await using var server = OpenAi(failures: 100, failStatus: 500);
        using var generator = OpenAiEmbeddingGenerator.Create(new Uri(server.BaseAddress, "v1"), "sk-test", "m", options: Fast);
        var error = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["x"]));
        Assert.Contains("HTTP 500 after 3 attempts", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task The_engine_encodes_the_catalog_through_the_provider_once_then_reads_its_cache()
    {
        using var temp = new TempDir();
        await using var server = OpenAi();
        var dataset = TinyDataset;
        var options = new EngineOptions
        {
            ModelsDirectory = temp.Path, Embedder = "openai", EmbeddingModel = "text-embedding-3-small", EmbeddingApiKey = "k",
            EmbeddingEndpoint = new Uri(server.BaseAddress, "v1").ToString(),
        };

        var engine = EngineBuilder.Build(dataset, options, new HybridOptions(), MovieDocumentOptions.Full);
        Assert.Equal(2, engine.Hybrid.Content!.Index.Dimension); // the scripted server's vectors
        Assert.Equal(3, engine.Hybrid.Content.Index.Count);
        var encoded = server.Requests.Count;
        Assert.True(encoded >= 1);

        EngineBuilder.Build(dataset, options, new HybridOptions(), MovieDocumentOptions.Full);
        Assert.Equal(encoded, server.Requests.Count); // a second start reads the descriptions' vectors from models/
        Assert.NotNull(await engine.Hybrid.Content.EmbedAsync("a bank heist"));
        Assert.Equal(encoded + 1, server.Requests.Count); // a query goes to the provider

        var noModel = Assert.Throws<InvalidOperationException>(() => EngineBuilder.Build(dataset, new EngineOptions { ModelsDirectory = temp.Path, Embedder = "ollama" },
            new HybridOptions(), MovieDocumentOptions.Full));
        Assert.Contains("Engine:EmbeddingModel", noModel.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ollama", "http://ollama.test:11434/", "http://ollama.test:11434/api/embed")]
    [InlineData("openai", "http://openai.test/v1", "http://openai.test/v1/embeddings")]
    public void The_engine_s_provider_embedder_uses_the_HttpClient_the_host_gives_it_at_Engine_EmbeddingEndpoint(string embedder, string endpoint, string expectedUri)
    {
        using var temp = new TempDir();
        var handler = new EmbedHandler();
        var options = new EngineOptions
        {
            ModelsDirectory = temp.Path, Embedder = embedder, EmbeddingModel = "test-embedding", EmbeddingEndpoint = endpoint,
        };

        var engine = EngineBuilder.Build(TinyDataset, options, new HybridOptions(), MovieDocumentOptions.Full, embeddingHttp: new HttpClient(handler));

        Assert.Equal(2, engine.Hybrid.Content!.Index.Dimension); // the handler's vectors: no other client could have reached the .test host
        Assert.NotEmpty(handler.Requests);
        Assert.All(handler.Requests, uri => Assert.Equal(expectedUri, uri.ToString()));
    }
}
