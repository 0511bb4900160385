using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;
using Polly;

namespace MovieRec.Engine.Text.Embeddings;

/// <summary>
/// Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Azure OpenAI v1, Ollama /v1,
/// LM Studio, vLLM ...) through the official OpenAI SDK; batched, retried on 429/5xx with backoff.
/// </summary>
public sealed class OpenAiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingClient _client;
    private readonly EmbeddingProviderOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="client">Build it with <see cref="Create"/> to leave retries to this class (the SDK's own retry policy is off there).</param>
    /// <param name="model">The model the client was built for (reported in metadata and the cache key).</param>
    /// <param name="endpoint">The endpoint the client talks to (for error messages).</param>
    public OpenAiEmbeddingGenerator(EmbeddingClient client, string model, Uri? endpoint = null, EmbeddingProviderOptions? options = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Model = model;
        Endpoint = endpoint;
        _options = options ?? new EmbeddingProviderOptions();
        _retry = ProviderRetry.Build(_options, ex => ex is ClientResultException c && IsTransient(c.Status));
        _metadata = new EmbeddingGeneratorMetadata("openai", endpoint, model);
    }

    /// <summary>A generator for <paramref name="endpoint"/> (e.g. https://api.openai.com/v1 or http://localhost:11434/v1).</summary>
    public static OpenAiEmbeddingGenerator Create(Uri endpoint, string apiKey, string model, HttpClient? httpClient = null, EmbeddingProviderOptions? options = null)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // Polly retries, with our settings
        };
        if (httpClient is not null) clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        var key = string.IsNullOrEmpty(apiKey) ? "unused" : apiKey; // local servers accept any key
        return new OpenAiEmbeddingGenerator(new EmbeddingClient(model, new ApiKeyCredential(key), clientOptions), model, endpoint, options);
    }

    public string Model { get; }
    public Uri? Endpoint { get; }

    private static bool IsTransient(int status) => status == 429 || status >= 500 || status == 0;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var requestOptions = new OpenAI.Embeddings.EmbeddingGenerationOptions();
        if (options?.Dimensions is int dimensions) requestOptions.Dimensions = dimensions;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        int inputTokens = 0;
        foreach (var batch in ProviderRetry.Batches(values, _options.BatchSize))
        {
            int attempts = 0;
            OpenAIEmbeddingCollection collection;
            try
            {
                collection = await _retry.ExecuteAsync(async ct =>
                {
                    attempts++;
                    return (await _client.GenerateEmbeddingsAsync(batch, requestOptions, ct).ConfigureAwait(false)).Value;
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (ClientResultException ex)
            {
                var what = IsTransient(ex.Status) ? $"after {attempts} attempts" : "(not retried)";
                throw new EmbeddingProviderException($"OpenAI-compatible embeddings at {Endpoint}: HTTP {ex.Status} {what}: {ex.Message}", ex);
            }
            if (collection.Count != batch.Count)
                throw new EmbeddingProviderException($"OpenAI-compatible embeddings at {Endpoint}: {collection.Count} embeddings returned for {batch.Count} inputs");
            foreach (var embedding in collection.OrderBy(e => e.Index))
                result.Add(new Embedding<float>(embedding.ToFloats()) { ModelId = collection.Model ?? Model });
            inputTokens += collection.Usage?.InputTokenCount ?? 0;
        }
        result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = inputTokens };
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType == typeof(EmbeddingClient)) return _client;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() { }
}
