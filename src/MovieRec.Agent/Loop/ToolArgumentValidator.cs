using System.Text.Json;

namespace MovieRec.Agent.Loop;

/// <summary>
/// Checks a tool call's arguments against the function's JSON schema before it runs: required
/// properties, JSON types (integer, number, string, boolean, array, object, null), enums and array
/// items. Returns a message for the model, or null when the arguments are fine.
/// </summary>
public static class ToolArgumentValidator
{
    public static string? Validate(JsonElement schema, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        var problems = new List<string>();
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()).OfType<string>())
                if (!arguments.ContainsKey(name)) problems.Add($"missing required argument '{name}'");

        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var (name, value) in arguments)
            {
                if (!properties.TryGetProperty(name, out var propertySchema))
                {
                    var known = string.Join(", ", properties.EnumerateObject().Select(x => x.Name));
                    problems.Add($"unknown argument '{name}' (expected: {known})");
                    continue;
                }
                CheckValue(name, propertySchema, value, problems);
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void CheckValue(string path, JsonElement schema, JsonElement value, List<string> problems)
    {
        var types = AllowedTypes(schema);
        if (types.Count > 0 && !types.Any(t => Matches(t, value)))
        {
            problems.Add($"argument '{path}' must be {string.Join(" or ", types)}, got {Describe(value)}");
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && allowed.ValueKind == JsonValueKind.Array
            && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
            problems.Add($"argument '{path}' must be one of {allowed.GetRawText()}, got {value.GetRawText()}");
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
                CheckValue($"{path}[{index++}]", items, item, problems);
        }
    }

    private static List<string> AllowedTypes(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return [];
        return type.ValueKind switch
        {
            JsonValueKind.String => [type.GetString()!],
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).OfType<string>().ToList(),
            _ => [],
        };
    }

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && (value.TryGetInt64(out _) || IsWhole(value.GetDouble())),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true, // a type we do not check
    };

    private static bool IsWhole(double d) => Math.Abs(d % 1) < double.Epsilon;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
