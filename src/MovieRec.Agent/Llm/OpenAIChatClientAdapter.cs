using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using SdkChatMessage = OpenAI.Chat.ChatMessage;

namespace MovieRec.Agent.Llm;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK's <see cref="ChatClient"/> (chat completions).
/// Works for OpenAI, Azure OpenAI's v1 endpoint and OpenAI-compatible servers (Ollama /v1, LM Studio,
/// vLLM, llama.cpp). Failures surface as <see cref="LlmUnavailableException"/>.
/// </summary>
public sealed class OpenAIChatClientAdapter : IChatClient
{
    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <param name="client">A configured SDK client (see <see cref="ChatClientFactory"/>).</param>
    /// <param name="providerName">For metadata and messages: openai, azure-openai, openai-compatible.</param>
    /// <param name="endpoint">The base address, for metadata.</param>
    /// <param name="modelId">The model the client talks to, for metadata.</param>
    public OpenAIChatClientAdapter(ChatClient client, string providerName = LlmProviders.OpenAI, Uri? endpoint = null, string? modelId = null)
    {
        _client = client;
        _metadata = new ChatClientMetadata(providerName, endpoint, modelId);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (sdkMessages, sdkOptions) = ToSdk(messages, options);
        ChatCompletion completion;
        try
        {
            completion = (await _client.CompleteChatAsync(sdkMessages, sdkOptions, cancellationToken)).Value;
        }
        catch (Exception ex) when (IsLlmFailure(ex, cancellationToken))
        {
            throw Unavailable(ex);
        }

        var contents = new List<AIContent>();
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        if (text.Length > 0) contents.Add(new TextContent(text));
        if (!string.IsNullOrEmpty(completion.Refusal)) contents.Add(new TextContent(completion.Refusal));
        foreach (var call in completion.ToolCalls)
            contents.Add(ParseCall(call.Id, call.FunctionName, call.FunctionArguments?.ToString() ?? ""));

        var message = new AIChatMessage(ChatRole.Assistant, contents) { RawRepresentation = completion, MessageId = completion.Id };
        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (sdkMessages, sdkOptions) = ToSdk(messages, options);
        var calls = new SortedDictionary<int, ToolCallBuilder>();
        AIChatFinishReason? finish = null;
        string? responseId = null, modelId = null;

        await using var enumerator = _client.CompleteChatStreamingAsync(sdkMessages, sdkOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await enumerator.MoveNextAsync()) break;
                update = enumerator.Current;
            }
            catch (Exception ex) when (IsLlmFailure(ex, cancellationToken))
            {
                throw Unavailable(ex);
            }

            responseId ??= update.CompletionId;
            modelId ??= update.Model;
            if (update.FinishReason is { } reason) finish = ToFinishReason(reason);

            // Tool-call fragments arrive by index: the first carries id and name, the rest pieces of the arguments.
            foreach (var part in update.ToolCallUpdates)
            {
                if (!calls.TryGetValue(part.Index, out var builder)) calls[part.Index] = builder = new ToolCallBuilder();
                builder.Id ??= part.ToolCallId;
                builder.Name ??= part.FunctionName;
                if (part.FunctionArgumentsUpdate is { } fragment && !fragment.IsEmpty) builder.Arguments.Append(fragment.ToString());
            }

            var contents = new List<AIContent>();
            foreach (var part in update.ContentUpdate)
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text)) contents.Add(new TextContent(part.Text));
            if (update.Usage is { } usage) contents.Add(new UsageContent(ToUsage(usage)!));
            if (contents.Count > 0)
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = update.CompletionId, ModelId = update.Model, CreatedAt = update.CreatedAt, RawRepresentation = update,
                };
        }

        var final = new List<AIContent>();
        var index = 0;
        foreach (var builder in calls.Values)
            final.Add(ParseCall(builder.Id ?? $"call_{index++}", builder.Name ?? "", builder.Arguments.ToString()));
        yield return new ChatResponseUpdate(ChatRole.Assistant, final) { ResponseId = responseId, ModelId = modelId, FinishReason = finish };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(ChatClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    private sealed class ToolCallBuilder
    {
        public string? Id;
        public string? Name;
        public readonly StringBuilder Arguments = new();
    }

    /// <summary>Invalid JSON does not throw: the call carries the parse error in <see cref="FunctionCallContent.Exception"/>.</summary>
    private static FunctionCallContent ParseCall(string id, string name, string argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(argumentsJson, id, name, LlmJson.ParseArguments);

    private static (List<SdkChatMessage>, ChatCompletionOptions) ToSdk(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        var sdkMessages = new List<SdkChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
                sdkMessages.Add(new SystemChatMessage(message.Text));
            else if (message.Role == ChatRole.User)
                sdkMessages.Add(new UserChatMessage(message.Text));
            else if (message.Role == ChatRole.Assistant)
            {
                var toolCalls = message.Contents.OfType<FunctionCallContent>()
                    .Select(c => ChatToolCall.CreateFunctionToolCall(c.CallId, c.Name, BinaryData.FromString(LlmJson.SerializeArguments(c.Arguments))))
                    .ToList();
                if (toolCalls.Count == 0)
                {
                    sdkMessages.Add(new AssistantChatMessage(message.Text));
                    continue;
                }
                var assistant = new AssistantChatMessage(toolCalls);
                if (!string.IsNullOrEmpty(message.Text)) assistant.Content.Add(ChatMessageContentPart.CreateTextPart(message.Text));
                sdkMessages.Add(assistant);
            }
            // Tool results (role tool, or any message carrying them) become one tool message per call.
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
                sdkMessages.Add(new ToolChatMessage(result.CallId, LlmJson.ResultText(result.Result)));
        }

        var sdkOptions = new ChatCompletionOptions();
        if (options is null) return (sdkMessages, sdkOptions);
        if (options.Temperature is { } temperature) sdkOptions.Temperature = temperature;
        if (options.MaxOutputTokens is { } maxTokens) sdkOptions.MaxOutputTokenCount = maxTokens;
        var tools = options.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        foreach (var tool in tools)
            sdkOptions.Tools.Add(ChatTool.CreateFunctionTool(tool.Name, tool.Description, BinaryData.FromString(tool.JsonSchema.GetRawText())));
        if (tools.Count > 0)
        {
            sdkOptions.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => null,
            };
            if (options.AllowMultipleToolCalls is { } parallel) sdkOptions.AllowParallelToolCalls = parallel;
        }
        return (sdkMessages, sdkOptions);
    }

    private static AIChatFinishReason? ToFinishReason(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Stop => AIChatFinishReason.Stop,
        OpenAI.Chat.ChatFinishReason.Length => AIChatFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => AIChatFinishReason.ToolCalls,
        OpenAI.Chat.ChatFinishReason.ContentFilter => AIChatFinishReason.ContentFilter,
        _ => null,
    };

    private static UsageDetails? ToUsage(ChatTokenUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
    };

    /// <summary>Everything but the caller's own cancellation counts as "the model is unavailable".</summary>
    private static bool IsLlmFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        ex is ClientResultException or HttpRequestException or OperationCanceledException or TimeoutException or IOException or JsonException;

    private LlmUnavailableException Unavailable(Exception ex)
    {
        var provider = _metadata.ProviderName;
        return ex switch
        {
            ClientResultException { Status: > 0 } http => new LlmUnavailableException(
                $"The {provider} model answered HTTP {http.Status}: {FirstLine(http.Message)}", http.Status, ex),
            OperationCanceledException or TimeoutException => new LlmUnavailableException(
                $"The {provider} model did not answer in time.", null, ex) { IsTimeout = true },
            _ => new LlmUnavailableException($"The {provider} model could not be reached: {FirstLine(ex.Message)}", null, ex),
        };
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
