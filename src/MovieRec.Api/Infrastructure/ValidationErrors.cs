namespace MovieRec.Api.Infrastructure;

/// <summary>Collects request errors per field, for a ValidationProblem (400 with "errors": {field: [messages]}).</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Checks an optional k (result count) against 1 to <paramref name="max"/>; returns it, null when absent.</summary>
    public int? CheckK(int? k, int max, string field = "k")
    {
        if (k is < 1 || k > max) Add(field, $"{field} must be between 1 and {max}.");
        return k;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
