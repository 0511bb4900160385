using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using OpenAI.Chat;

namespace MovieRec.Agent.Llm;

/// <summary>Builds the <see cref="IChatClient"/> for the configured provider (null for provider "none").</summary>
public static class ChatClientFactory
{
    /// <summary>The named HttpClient used for LLM calls (register it with AddHttpClient to add handlers or a proxy).</summary>
    public const string HttpClientName = "MovieRec.Llm";

    private const string OpenAIDefaultEndpoint = "https://api.openai.com/v1";

    /// <exception cref="InvalidOperationException">The options are invalid; the message lists every problem.</exception>
    public static IChatClient? Create(LlmOptions options, IHttpClientFactory httpClientFactory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var errors = options.Validate();
        if (errors.Count > 0) throw new InvalidOperationException("Invalid LLM configuration: " + string.Join(" ", errors));
        if (!options.IsEnabled) return null;

        var http = httpClientFactory.CreateClient(HttpClientName);
        http.Timeout = Timeout.InfiniteTimeSpan; // our per-attempt timeout applies; a streamed answer may take longer
        loggerFactory ??= NullLoggerFactory.Instance;
        return LlmProviders.Normalize(options.Provider) switch
        {
            LlmProviders.Ollama => new OllamaChatClient(http, options, loggerFactory.CreateLogger<OllamaChatClient>()),
            var provider => CreateOpenAI(options, provider, http, loggerFactory.CreateLogger<OpenAIChatClientAdapter>()),
        };
    }

    /// <summary>The OpenAI-protocol client (openai, azure-openai, openai-compatible) over the given HttpClient.</summary>
    public static OpenAIChatClientAdapter CreateOpenAI(LlmOptions options, string provider, HttpClient http, ILogger? logger = null)
    {
        var endpoint = new Uri(string.IsNullOrWhiteSpace(options.Endpoint) ? OpenAIDefaultEndpoint : options.Endpoint);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = options.Timeout,
            RetryPolicy = new LlmRetryPolicy(options.MaxRetries, options.MaxRetryDelay, logger ?? NullLogger.Instance),
            Transport = new HttpClientPipelineTransport(http),
        };
        // Local OpenAI-compatible servers take no key, but the SDK needs a non-empty credential.
        var key = options.ResolveApiKey() ?? "no-key";
        if (provider == LlmProviders.AzureOpenAI) clientOptions.AddPolicy(new AzureApiKeyHeaderPolicy(key), PipelinePosition.BeforeTransport);
        var client = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        return new OpenAIChatClientAdapter(client, provider, endpoint, options.Model);
    }

    /// <summary>
    /// Azure's v1 endpoint takes the key in an "api-key" header: set after the SDK's own authentication (which writes
    /// a bearer header), replacing it. (The SDK's constructor taking an authentication policy is marked experimental.)
    /// </summary>
    private sealed class AzureApiKeyHeaderPolicy(string key) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            UseApiKeyHeader(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            UseApiKeyHeader(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void UseApiKeyHeader(PipelineMessage message)
        {
            message.Request.Headers.Remove("Authorization");
            message.Request.Headers.Set("api-key", key);
        }
    }
}
