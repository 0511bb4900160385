using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Llm;

/// <summary>A scripted model: request N gets step N (the last step repeats when the model is asked again).</summary>
internal sealed class ModelScript
{
    private readonly Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task>[] _steps;
    private int _next = -1;

    public ModelScript(params Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task>[] steps) => _steps = steps;

    public ScriptedHttpServer Start() => new((request, response) =>
        _steps[Math.Min(Interlocked.Increment(ref _next), _steps.Length - 1)](request, response));

    /// <summary>The request bodies, parsed, in arrival order.</summary>
    public static List<JsonNode> Bodies(ScriptedHttpServer server) =>
        server.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
}

/// <summary>OpenAI chat-completions wire format (JSON and SSE), as the real API sends it.</summary>
internal static class OpenAIWire
{
    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> Text(string text, int promptTokens = 10, int completionTokens = 5) =>
        (_, response) => ScriptedHttpServer.WriteAsync(response, Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop", promptTokens, completionTokens));

    /// <summary>An assistant message asking for tool calls; arguments are raw strings (may be invalid JSON on purpose).</summary>
    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> ToolCalls(params (string Id, string Name, string Arguments)[] calls) =>
        SayAndCall(null, calls);

    /// <summary>Text for the person ("Let me look that up.") and tool calls in one message.</summary>
    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> SayAndCall(string? text, params (string Id, string Name, string Arguments)[] calls) =>
        (_, response) => ScriptedHttpServer.WriteAsync(response, Completion(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = text,
            ["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            }).ToArray()),
        }, "tool_calls", 20, 8));

    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> Status(int status, string? retryAfter = null) =>
        (_, response) =>
        {
            if (retryAfter is not null) response.AddHeader("Retry-After", retryAfter);
            return ScriptedHttpServer.WriteAsync(response, """{"error":{"message":"scripted failure","type":"rate_limit"}}""", status: status);
        };

    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> Stream(params string[] chunks) =>
        (_, response) => ScriptedHttpServer.StreamAsync(response, chunks.Select(c => $"data: {c}\n\n").Append("data: [DONE]\n\n"), "text/event-stream");

    public static string TextChunk(string text) => Chunk(new JsonObject { ["content"] = text }, null);

    public static string ToolChunk(int index, string? id, string? name, string arguments) =>
        Chunk(new JsonObject
        {
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["index"] = index,
                ["id"] = id,
                ["type"] = id is null ? null : "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            }),
        }, null);

    public static string FinishChunk(string reason) => Chunk(new JsonObject(), reason);

    public static string UsageChunk(int prompt, int completion) => new JsonObject
    {
        ["id"] = "chatcmpl-s", ["object"] = "chat.completion.chunk", ["created"] = 1700000000, ["model"] = "gpt-4o",
        ["choices"] = new JsonArray(),
        ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
    }.ToJsonString();

    private static string Chunk(JsonObject delta, string? finish) => new JsonObject
    {
        ["id"] = "chatcmpl-s", ["object"] = "chat.completion.chunk", ["created"] = 1700000000, ["model"] = "gpt-4o",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
    }.ToJsonString();

    private static string Completion(JsonObject message, string finish, int promptTokens, int completionTokens) => new JsonObject
    {
        ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 1700000000, ["model"] = "gpt-4o",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
    }.ToJsonString();
}

/// <summary>Ollama /api/chat wire format (JSON and NDJSON).</summary>
internal static class OllamaWire
{
    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> Text(string text) =>
        (_, response) => ScriptedHttpServer.WriteAsync(response, Response(new JsonObject { ["role"] = "assistant", ["content"] = text }, 30, 12));

    /// <summary>Tool calls with arguments as JSON objects (Ollama's format).</summary>
    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> ToolCalls(params (string Name, string ArgumentsObject)[] calls) =>
        (_, response) => ScriptedHttpServer.WriteAsync(response, Response(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = "",
            ["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = JsonNode.Parse(c.ArgumentsObject) },
            }).ToArray()),
        }, 40, 9));

    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> StreamText(params string[] pieces) =>
        (_, response) => ScriptedHttpServer.StreamAsync(response,
            pieces.Select(p => Line(new JsonObject { ["model"] = "llama3.1", ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = p }, ["done"] = false }))
                .Append(Line(new JsonObject
                {
                    ["model"] = "llama3.1", ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "" },
                    ["done"] = true, ["done_reason"] = "stop", ["prompt_eval_count"] = 26, ["eval_count"] = 7,
                })),
            "application/x-ndjson");

    public static Func<ScriptedHttpServer.RecordedRequest, HttpListenerResponse, Task> Error(int status, string error, string? retryAfter = null) =>
        (_, response) =>
        {
            if (retryAfter is not null) response.AddHeader("Retry-After", retryAfter);
            return ScriptedHttpServer.WriteAsync(response, JsonSerializer.Serialize(new { error }), status: status);
        };

    private static string Line(JsonObject o) => o.ToJsonString() + "\n";

    private static string Response(JsonObject message, int promptEval, int eval) => new JsonObject
    {
        ["model"] = "llama3.1", ["created_at"] = "2026-11-22T06:00:00Z", ["message"] = message,
        ["done"] = true, ["done_reason"] = "stop", ["prompt_eval_count"] = promptEval, ["eval_count"] = eval,
    }.ToJsonString();
}

internal sealed class PlainHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new();
}
