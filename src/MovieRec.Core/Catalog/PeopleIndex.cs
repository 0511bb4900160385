using MovieRec.Core.Domain;

namespace MovieRec.Core.Catalog;

/// <summary>A person (actor or director) and the catalog's movies they are in.</summary>
public sealed record Person(string Name, IReadOnlySet<int> MovieIds);

/// <summary>
/// Actors and directors of the imported metadata, found by name in a message ("movies with Tom Hanks"). Users' tags
/// that are one of those names (MovieLens users tag "Tom Hanks") add the movies whose metadata lacks the credit.
/// Only names of two words or more are indexed: one word ("Nolan", "Ford") is too often something else.
/// </summary>
public sealed class PeopleIndex
{
    private const int MaxNameWords = 4;
    private readonly Dictionary<string, (string Name, HashSet<int> Movies)> _byKey = new(StringComparer.Ordinal);

    public PeopleIndex(IEnumerable<Movie> movies, IEnumerable<Tag> tags)
    {
        foreach (var movie in movies)
        {
            if (movie.Metadata is not { } meta) continue;
            if (meta.Director is { } director) Add(director, movie.Id);
            foreach (var actor in meta.Cast) Add(actor, movie.Id);
        }
        // tags only add movies to people the metadata knows: a tag like "twist ending" is not a person
        foreach (var tag in tags)
            if (_byKey.TryGetValue(TitleNormalizer.Normalize(tag.Text), out var person)) person.Movies.Add(tag.MovieId);
    }

    public int Count => _byKey.Count;

    private void Add(string name, int movieId)
    {
        var key = TitleNormalizer.Normalize(name);
        if (key.Split(' ').Length is < 2 or > MaxNameWords) return;
        if (!_byKey.TryGetValue(key, out var person)) _byKey[key] = person = (name.Trim(), []);
        person.Movies.Add(movieId);
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
        return found;
    }
}
