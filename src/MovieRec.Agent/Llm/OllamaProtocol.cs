using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieRec.Agent.Llm;

// Ollama's native /api/chat wire format (https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion).

internal sealed class OllamaChatRequest
{
    public required string Model { get; init; }
    public required List<OllamaMessage> Messages { get; init; }
    public List<OllamaTool>? Tools { get; init; }
    public bool Stream { get; init; }
    public OllamaRequestOptions? Options { get; init; }
}

internal sealed class OllamaRequestOptions
{
    public float? Temperature { get; init; }
    public int? NumPredict { get; init; }
}

internal sealed class OllamaMessage
{
    public string Role { get; set; } = "";
    public string? Content { get; set; }
    public List<OllamaToolCall>? ToolCalls { get; set; }
    /// <summary>On role "tool" messages: which function produced this result.</summary>
    public string? ToolName { get; set; }
}

internal sealed class OllamaToolCall
{
    public string? Id { get; set; }
    public OllamaFunctionCall Function { get; set; } = new();
}

internal sealed class OllamaFunctionCall
{
    public string Name { get; set; } = "";
    /// <summary>An object (not a string as in OpenAI's protocol).</summary>
    public JsonElement Arguments { get; set; }
}

internal sealed class OllamaTool
{
    public string Type { get; init; } = "function";
    public required OllamaFunctionDefinition Function { get; init; }
}

internal sealed class OllamaFunctionDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public JsonElement Parameters { get; init; }
}

/// <summary>One response (stream=false) or one NDJSON line (stream=true; the last has done=true and the counts).</summary>
internal sealed class OllamaChatResponse
{
    public string? Model { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public OllamaMessage? Message { get; set; }
    public bool Done { get; set; }
    public string? DoneReason { get; set; }
    public int? PromptEvalCount { get; set; }
    public int? EvalCount { get; set; }
    public string? Error { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OllamaChatRequest))]
[JsonSerializable(typeof(OllamaChatResponse))]
internal sealed partial class OllamaJsonContext : JsonSerializerContext;
