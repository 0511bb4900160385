using System.Text.Json;

namespace MovieRec.Agent.Loop;

/// <summary>
/// The grounding contract: a tool "returns" a movie when its result is JSON containing, anywhere in
/// the tree, an object with an integer <c>movieId</c> (or <c>movie_id</c>) property; an optional
/// <c>title</c> beside it is kept for the repair message. Plain <c>id</c> counts only in an object that
/// also has a <c>title</c> (a movie-like object). Everything else (text, other ids) grounds nothing.
/// </summary>
public sealed class GroundingCollector
{
    private readonly Dictionary<int, string?> _movies = [];
    private readonly Lock _lock = new();

    /// <summary>Movie id to title (null when the tool gave none) for every movie seen in this turn.</summary>
    public IReadOnlyDictionary<int, string?> Movies
    {
        get { lock (_lock) return new Dictionary<int, string?>(_movies); }
    }

    public bool Contains(int movieId)
    {
        lock (_lock) return _movies.ContainsKey(movieId);
    }

    /// <summary>Collects the movies in one tool result; non-JSON text is ignored.</summary>
    public void Collect(string resultJson)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(resultJson); }
        catch (JsonException) { return; }
        using (document)
        {
            var found = new List<(int, string?)>();
            Walk(document.RootElement, found);
            lock (_lock)
                foreach (var (id, title) in found)
                    if (!_movies.TryGetValue(id, out var known) || known is null) _movies[id] = title;
        }
    }

    private static void Walk(JsonElement element, List<(int, string?)> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Walk(item, found);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) return;

        int? id = null;
        string? title = null;
        JsonElement? plainId = null;
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (IsName(name, "movieId") || IsName(name, "movie_id")) id = AsInt(property.Value) ?? id;
            else if (IsName(name, "id")) plainId = property.Value;
            else if (IsName(name, "title") && property.Value.ValueKind == JsonValueKind.String) title = property.Value.GetString();
            else Walk(property.Value, found);
        }
        if (id is null && plainId is { } candidate && title is not null) id = AsInt(candidate);
        if (id is { } movieId) found.Add((movieId, title));
    }

    private static bool IsName(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static int? AsInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.String when int.TryParse(value.GetString(), out var s) => s,
        _ => null,
    };
}
