using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Polly;

namespace MovieRec.Engine.Text.Embeddings;

/// <summary>
/// Embeddings from an Ollama server's /api/embed ({model, input: [...]} -> {embeddings: [[...]]}),
/// batched, retried on 429/5xx/network errors with exponential backoff.
/// The HttpClient's BaseAddress is the server (e.g. http://localhost:11434/).
/// </summary>
public sealed class OllamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly EmbeddingProviderOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public string Model { get; }

    public OllamaEmbeddingGenerator(HttpClient http, string model, EmbeddingProviderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        if (http.BaseAddress is null) throw new ArgumentException("HttpClient.BaseAddress must be the Ollama server, e.g. http://localhost:11434/", nameof(http));
        Model = model;
        _options = options ?? new EmbeddingProviderOptions();
        _retry = ProviderRetry.Build(_options, ex => ex is TransientStatusException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException });
        _metadata = new EmbeddingGeneratorMetadata("ollama", http.BaseAddress, model);
    }

    private Uri Endpoint => new(_http.BaseAddress!, "api/embed");

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? Model;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in ProviderRetry.Batches(values, _options.BatchSize))
        {
            var vectors = await SendWithRetryAsync(model, batch, cancellationToken).ConfigureAwait(false);
            if (vectors.Length != batch.Count)
                throw new EmbeddingProviderException($"Ollama {Endpoint}: {vectors.Length} embeddings returned for {batch.Count} inputs");
            foreach (var vector in vectors) result.Add(new Embedding<float>(vector) { ModelId = model });
        }
        return result;
    }

    private async Task<float[][]> SendWithRetryAsync(string model, List<string> batch, CancellationToken cancellationToken)
    {
        int attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(async ct =>
            {
                attempts++;
                using var response = await _http.PostAsJsonAsync(Endpoint, new OllamaEmbedRequest(model, batch), OllamaJsonContext.Default.OllamaEmbedRequest, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                    throw new TransientStatusException(response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                if (!response.IsSuccessStatusCode)
                    throw new EmbeddingProviderException($"Ollama {Endpoint}: HTTP {(int)response.StatusCode} {response.StatusCode}: {Snippet(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false))}");
                OllamaEmbedResponse? body;
                try { body = await response.Content.ReadFromJsonAsync(OllamaJsonContext.Default.OllamaEmbedResponse, ct).ConfigureAwait(false); }
                catch (System.Text.Json.JsonException ex) { throw new EmbeddingProviderException($"Ollama {Endpoint}: the response is not the expected JSON ({ex.Message})", ex); }
                return body?.Embeddings ?? throw new EmbeddingProviderException($"Ollama {Endpoint}: the response has no 'embeddings'");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientStatusException ex)
        {
            throw new EmbeddingProviderException($"Ollama {Endpoint}: HTTP {(int)ex.Status} {ex.Status} after {attempts} attempts: {Snippet(ex.Body)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new EmbeddingProviderException($"Ollama {Endpoint}: cannot reach the server after {attempts} attempts ({ex.Message})", ex);
        }
    }

    private static string Snippet(string body) => body.Length <= 200 ? body : body[..200] + "...";

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() { } // the HttpClient belongs to the caller (HttpClientFactory)

    private sealed class TransientStatusException(HttpStatusCode status, string body) : Exception($"HTTP {(int)status}")
    {
        public HttpStatusCode Status { get; } = status;
        public string Body { get; } = body;
    }
}

internal sealed record OllamaEmbedRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

internal sealed record OllamaEmbedResponse(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("embeddings")] float[][]? Embeddings);

[JsonSerializable(typeof(OllamaEmbedRequest))]
[JsonSerializable(typeof(OllamaEmbedResponse))]
internal sealed partial class OllamaJsonContext : JsonSerializerContext;
