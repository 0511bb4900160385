using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MovieRec.Agent.Llm;

/// <summary>
/// <see cref="IChatClient"/> for Ollama's native <c>/api/chat</c> (tools, streaming as NDJSON).
/// Retries 429/5xx/connection failures (Retry-After honoured, bounded), a request slower than
/// <see cref="LlmOptions.Timeout"/> or any other failure raises <see cref="LlmUnavailableException"/>.
/// </summary>
public sealed class OllamaChatClient : IChatClient
{
    public static readonly Uri DefaultEndpoint = new("http://localhost:11434/");

    private readonly HttpClient _http;
    private readonly Uri _chatUri;
    private readonly string _model;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ChatClientMetadata _metadata;
    private readonly ILogger _logger;

    /// <param name="httpClient">Used as is (from IHttpClientFactory or a plain one); its own Timeout should be longer than <see cref="LlmOptions.Timeout"/>.</param>
    /// <param name="options">Model, Endpoint (default http://localhost:11434), Timeout, MaxRetries, MaxRetryDelay.</param>
    public OllamaChatClient(HttpClient httpClient, LlmOptions options, ILogger<OllamaChatClient>? logger = null)
    {
        if (string.IsNullOrWhiteSpace(options.Model)) throw new ArgumentException("Llm:Model is required for Ollama (e.g. llama3.1).", nameof(options));
        _http = httpClient;
        _model = options.Model;
        var baseUri = string.IsNullOrWhiteSpace(options.Endpoint) ? DefaultEndpoint : new Uri(EnsureSlash(options.Endpoint));
        _chatUri = new Uri(baseUri, "api/chat");
        _metadata = new ChatClientMetadata(LlmProviders.Ollama, baseUri, _model);
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => RetryDelays.IsTransient((int)r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelays.Compute(args.AttemptNumber + 1,
                    args.Outcome.Result is { } r ? RetryDelays.ParseRetryAfter(r.Headers) : null, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    _logger.LogWarning("Ollama request failed ({Status}); retry {Attempt} in {DelayMs} ms",
                        args.Outcome.Result?.StatusCode.ToString() ?? args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(options.Timeout); // per attempt, until the response headers arrive
        _pipeline = builder.Build();
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options, stream: false);
        using var response = await SendAsync(request, cancellationToken);
        OllamaChatResponse body;
        try
        {
            body = await response.Content.ReadFromJsonAsync(OllamaJsonContext.Default.OllamaChatResponse, cancellationToken)
                   ?? throw new JsonException("empty body");
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmUnavailableException($"Ollama sent an unreadable answer: {ex.Message}", ex);
        }
        if (body.Error is { } error) throw new LlmUnavailableException($"Ollama reported an error: {error}");

        var message = new ChatMessage(ChatRole.Assistant, ToContents(body.Message)) { RawRepresentation = body };
        return new ChatResponse(message)
        {
            ModelId = body.Model,
            CreatedAt = body.CreatedAt,
            FinishReason = ToFinishReason(body, message),
            Usage = ToUsage(body),
            RawRepresentation = body,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ToRequest(messages, options, stream: true);
        using var response = await SendAsync(request, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (true)
        {
            string? line;
            OllamaChatResponse? chunk;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
                if (line is null) break;
                if (string.IsNullOrWhiteSpace(line)) continue;
                chunk = JsonSerializer.Deserialize(line, OllamaJsonContext.Default.OllamaChatResponse);
            }
            catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new LlmUnavailableException($"Ollama's stream broke off: {ex.Message}", ex);
            }
            if (chunk is null) continue;
            if (chunk.Error is { } error) throw new LlmUnavailableException($"Ollama reported an error: {error}");

            var contents = ToContents(chunk.Message);
            if (ToUsage(chunk) is { } usage) contents.Add(new UsageContent(usage));
            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ModelId = chunk.Model,
                CreatedAt = chunk.CreatedAt,
                FinishReason = chunk.Done ? ToFinishReason(chunk, null) : null,
                RawRepresentation = chunk,
            };
            if (chunk.Done) break;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    private async Task<HttpResponseMessage> SendAsync(OllamaChatRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                using var content = JsonContent.Create(request, OllamaJsonContext.Default.OllamaChatRequest);
                using var message = new HttpRequestMessage(HttpMethod.Post, _chatUri) { Content = content };
                return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new LlmUnavailableException($"Ollama did not answer within {ex.Timeout.TotalSeconds:0.#} s.", null, ex) { IsTimeout = true };
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new LlmUnavailableException($"Ollama could not be reached at {_chatUri}: {ex.Message}", null, ex)
            { IsTimeout = ex is OperationCanceledException };
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = TryReadError(text) ?? text;
            var hint = response.StatusCode == HttpStatusCode.NotFound ? $" (is the model pulled? run: ollama pull {_model})" : "";
            throw new LlmUnavailableException($"Ollama answered HTTP {(int)response.StatusCode}: {detail}{hint}", (int)response.StatusCode, null);
        }
    }

    private OllamaChatRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal); // tool results name their function
        var wire = new List<OllamaMessage>();
        foreach (var message in messages)
        {
            var calls = message.Contents.OfType<FunctionCallContent>().ToList();
            foreach (var call in calls) callNames[call.CallId] = call.Name;
            var results = message.Contents.OfType<FunctionResultContent>().ToList();

            if (message.Role != ChatRole.Tool || results.Count == 0)
            {
                wire.Add(new OllamaMessage
                {
                    Role = message.Role.Value,
                    Content = message.Text,
                    ToolCalls = calls.Count == 0 ? null : calls.Select(c => new OllamaToolCall
                    {
                        Function = new OllamaFunctionCall { Name = c.Name, Arguments = LlmJson.ArgumentsElement(c.Arguments) },
                    }).ToList(),
                });
            }
            foreach (var result in results)
                wire.Add(new OllamaMessage
                {
                    Role = "tool",
                    Content = LlmJson.ResultText(result.Result),
                    ToolName = callNames.GetValueOrDefault(result.CallId),
                });
        }

        var tools = options?.ToolMode is NoneChatToolMode ? [] : options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        return new OllamaChatRequest
        {
            Model = options?.ModelId ?? _model,
            Messages = wire,
            Stream = stream,
            Tools = tools.Count == 0 ? null : tools.Select(t => new OllamaTool
            {
                Function = new OllamaFunctionDefinition { Name = t.Name, Description = t.Description, Parameters = t.JsonSchema },
            }).ToList(),
            Options = options is { Temperature: null, MaxOutputTokens: null } or null ? null
                : new OllamaRequestOptions { Temperature = options.Temperature, NumPredict = options.MaxOutputTokens },
        };
    }

    private static List<AIContent> ToContents(OllamaMessage? message)
    {
        var contents = new List<AIContent>();
        if (message is null) return contents;
        if (!string.IsNullOrEmpty(message.Content)) contents.Add(new TextContent(message.Content));
        foreach (var call in message.ToolCalls ?? [])
        {
            // Ollama gives no call ids (or only recent versions do): make them up so results can be matched.
            var id = call.Id ?? $"call_{Guid.NewGuid():N}";
            var arguments = call.Function.Arguments;
            contents.Add(FunctionCallContent.CreateFromParsedArguments(arguments, id, call.Function.Name, LlmJson.ToArguments));
        }
        return contents;
    }

    private static ChatFinishReason? ToFinishReason(OllamaChatResponse response, ChatMessage? message)
    {
        if (message?.Contents.OfType<FunctionCallContent>().Any() == true) return ChatFinishReason.ToolCalls;
        return response.DoneReason switch
        {
            "stop" => ChatFinishReason.Stop,
            "length" => ChatFinishReason.Length,
            null => response.Done ? ChatFinishReason.Stop : null,
            _ => new ChatFinishReason(response.DoneReason),
        };
    }

    private static UsageDetails? ToUsage(OllamaChatResponse response) =>
        response.PromptEvalCount is null && response.EvalCount is null ? null : new UsageDetails
        {
            InputTokenCount = response.PromptEvalCount,
            OutputTokenCount = response.EvalCount,
            TotalTokenCount = (response.PromptEvalCount ?? 0) + (response.EvalCount ?? 0),
        };

    private static string? TryReadError(string body)
    {
        try { return JsonSerializer.Deserialize(body, OllamaJsonContext.Default.OllamaChatResponse)?.Error; }
        catch (JsonException) { return null; }
    }

    private static string EnsureSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
