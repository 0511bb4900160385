using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MovieRec.Agent.Llm;

/// <summary>JSON helpers shared by the adapters: tool-call arguments in, tool results out.</summary>
internal static class LlmJson
{
    /// <summary>Compact, and readable for the model (no \u0027 escapes); the type info comes from M.E.AI's defaults.</summary>
    public static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses a JSON object of arguments; values stay <see cref="JsonElement"/>s (AIFunction binds them).</summary>
    public static IDictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new Dictionary<string, object?>();
        using var document = JsonDocument.Parse(json);
        return ToArguments(document.RootElement);
    }

    public static IDictionary<string, object?>? ToArguments(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
            return ParseArguments(element.GetString() ?? ""); // some servers send the object as a JSON string
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return new Dictionary<string, object?>();
        if (element.ValueKind != JsonValueKind.Object)
            throw new JsonException($"Tool-call arguments must be a JSON object, got {element.ValueKind}.");
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            arguments[property.Name] = property.Value.Clone();
        return arguments;
    }

    /// <summary>Arguments as a JSON object (for the wire and for logs).</summary>
    public static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.Serialize(arguments, Compact.GetTypeInfo(typeof(IDictionary<string, object?>)));

    /// <summary>The error result fed back to the model: <c>{"error": "..."}</c>.</summary>
    public static string Error(string message) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }, Compact.GetTypeInfo(typeof(Dictionary<string, string>)));

    public static JsonElement ArgumentsElement(IDictionary<string, object?>? arguments)
    {
        using var document = JsonDocument.Parse(SerializeArguments(arguments));
        return document.RootElement.Clone();
    }

    /// <summary>
    /// A tool result as the text the model reads: strings as they are (AIFunctionFactory hands a string
    /// return value back as a JSON string element: unwrapped, so a tool returning JSON text stays JSON), objects as compact JSON.
    /// </summary>
    public static string ResultText(object? result) => result switch
    {
        null => "null",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement element => element.GetRawText(),
        JsonDocument document => ResultText(document.RootElement),
        _ => JsonSerializer.Serialize(result, Compact.GetTypeInfo(result.GetType())),
    };
}
