using MovieRec.Core.Domain;

namespace MovieRec.Core.Catalog;

/// <summary>A person (actor or director) and the catalog's movies they are in.</summary>
public sealed record Person(string Name, IReadOnlySet<int> MovieIds);

/// <summary>
/// Actors and directors of the imported metadata, found by name in a message ("movies with Tom Hanks"). Users' tags
/// that are one of those names (MovieLens users tag "Tom Hanks") add the movies whose metadata lacks the credit.
/// Names are matched whole; a director's surname alone only where it plainly means the director ("by Kubrick",
/// "a Kubrick film") and no other director has it: one word ("Ford", "Stone") is too often something else.
/// </summary>
public sealed class PeopleIndex
{
    private const int MaxNameWords = 4;
    private readonly Dictionary<string, (string Name, HashSet<int> Movies)> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _directorBySurname = new(StringComparer.Ordinal); // surname -> name key; null when shared
    private static readonly HashSet<string> FilmWords = ["film", "films", "movie", "movies"];

    public PeopleIndex(IEnumerable<Movie> movies, IEnumerable<Tag> tags)
    {
        foreach (var movie in movies)
        {
            if (movie.Metadata is not { } meta) continue;
            if (meta.Director is { } director && Add(director, movie.Id) is { } key)
            {
                var surname = key[(key.LastIndexOf(' ') + 1)..];
                _directorBySurname[surname] = _directorBySurname.TryGetValue(surname, out var other) && other != key ? null : key;
            }
            foreach (var actor in meta.Cast) Add(actor, movie.Id);
        }
        // tags only add movies to people the metadata knows: a tag like "twist ending" is not a person
        foreach (var tag in tags)
            if (_byKey.TryGetValue(TitleNormalizer.Normalize(tag.Text), out var person)) person.Movies.Add(tag.MovieId);
    }

    public int Count => _byKey.Count;

    /// <summary>Indexes a credit; returns the name's key, or null for a name too short or long to index.</summary>
    private string? Add(string name, int movieId)
    {
        var key = TitleNormalizer.Normalize(name);
        if (key.Split(' ').Length is < 2 or > MaxNameWords) return null;
        if (!_byKey.TryGetValue(key, out var person)) _byKey[key] = person = (name.Trim(), []);
        person.Movies.Add(movieId);
        return key;
    }

    /// <summary>The people named in <paramref name="text"/> (whole words, any case or accents), longest names first, without overlaps.</summary>
    public IReadOnlyList<Person> FindIn(string text)
    {
        var words = TitleNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var used = new bool[words.Length];
        var found = new List<Person>();
        for (var n = Math.Min(MaxNameWords, words.Length); n >= 2; n--)
            for (var start = 0; start + n <= words.Length; start++)
            {
                if (used.AsSpan(start, n).Contains(true)) continue;
                if (!_byKey.TryGetValue(string.Join(' ', words, start, n), out var person)) continue;
                found.Add(new Person(person.Name, person.Movies));
                used.AsSpan(start, n).Fill(true);
            }
        for (var i = 0; i < words.Length; i++)
        {
            var meansDirector = (i > 0 && words[i - 1] == "by") || (i + 1 < words.Length && FilmWords.Contains(words[i + 1]));
            if (used[i] || !meansDirector || _directorBySurname.GetValueOrDefault(words[i]) is not { } key) continue;
            var person = _byKey[key];
            found.Add(new Person(person.Name, person.Movies));
            used[i] = true;
        }
        return found;
    }
}
