using System.Buffers;
using System.Globalization;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Catalog;

/// <summary>
/// The movies of a dataset with exact lookup by id and fuzzy lookup by title. Fuzzy lookup: each title variant (the
/// main title, alternative titles in parentheses, the part after a colon) is indexed by character trigrams of its
/// <see cref="TitleKey"/>; a query gathers the variants sharing most trigrams, then reranks them by edit distance,
/// word-prefix match and year. An optional popularity (ratings per movie) breaks ties between same-named movies.
/// </summary>
public sealed class MovieCatalog
{
    private const int Candidates = 60;
    private readonly List<Movie> _movies;
    private readonly Dictionary<int, Movie> _byId;
    private readonly Dictionary<string, Movie> _byImdb = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, Movie> _byTmdb = [];
    private readonly List<Variant> _variants = [];
    private readonly Dictionary<long, List<int>> _trigrams = [];
    private readonly double[] _popularity;

    private readonly record struct Variant(int MovieIndex, string Key, int TrigramCount, double Weight);

    public MovieCatalog(IEnumerable<Movie> movies, IReadOnlyDictionary<int, int>? ratingCounts = null)
    {
        _movies = movies.ToList();
        _byId = _movies.ToDictionary(m => m.Id);
        var maxCount = ratingCounts is { Count: > 0 } ? ratingCounts.Values.Max() : 0;
        _popularity = new double[_movies.Count];
        for (var i = 0; i < _movies.Count; i++)
        {
            var m = _movies[i];
            if (m.ImdbId is { } imdb) _byImdb.TryAdd(imdb, m);
            if (m.TmdbId is { } tmdb) _byTmdb.TryAdd(tmdb, m);
            if (maxCount > 0 && ratingCounts!.TryGetValue(m.Id, out var c)) _popularity[i] = Math.Log(1 + c) / Math.Log(1 + maxCount);
            foreach (var (text, weight) in Variants(m.Title)) AddVariant(i, text, weight);
        }
    }

    /// <summary>A catalog of a loaded dataset, with rating counts as the tie-breaker.</summary>
    public static MovieCatalog FromDataset(MovieDataset dataset)
    {
        var counts = new Dictionary<int, int>();
        foreach (var r in dataset.Ratings) counts[r.MovieId] = counts.GetValueOrDefault(r.MovieId) + 1;
        return new MovieCatalog(dataset.Movies, counts) { People = new PeopleIndex(dataset.Movies, dataset.Tags) };
    }

    /// <summary>Actors and directors by name (empty without imported metadata).</summary>
    public PeopleIndex People { get; init; } = new([], []);

    public IReadOnlyList<Movie> Movies => _movies;
    public int Count => _movies.Count;

    public Movie? Get(int id) => _byId.GetValueOrDefault(id);
    public bool TryGet(int id, out Movie movie) => _byId.TryGetValue(id, out movie!);
    public Movie? GetByImdb(string imdbId) => _byImdb.GetValueOrDefault(imdbId);
    public Movie? GetByTmdb(int tmdbId) => _byTmdb.GetValueOrDefault(tmdbId);

    /// <summary>
    /// Ranked candidates for a title as a person types it: any case, accents or not, with or without its article, "II"
    /// or "2", small typos, and an optional year (the argument, or "(1995)" / "1995" at the end of the query).
    /// </summary>
    public IReadOnlyList<TitleMatch> Find(string query, int? year = null, int limit = 5)
    {
        if (string.IsNullOrWhiteSpace(query) || limit <= 0) return [];
        var scores = new Dictionary<int, double>();
        Score(query.Trim(), year, scores);
        // "Heat 1995" / "Heat (1995)": also try the query with its trailing year taken out ("Death Race 2000" keeps both readings).
        if (year is null && SplitYear(query.Trim()) is ({ } title, { } parsedYear)) Score(title, parsedYear, scores);
        return scores
            .OrderByDescending(kv => kv.Value)
            .ThenByDescending(kv => _popularity[kv.Key])
            .Take(limit)
            .Select(kv => new TitleMatch(_movies[kv.Key], Math.Round(Math.Clamp(kv.Value, 0, 1), 3)))
            .ToList();
    }

    /// <summary>The best match when its confidence reaches <paramref name="minConfidence"/>.</summary>
    public Movie? FindBest(string query, int? year = null, double minConfidence = 0.6) =>
        Find(query, year, 1) is [var best] && best.Confidence >= minConfidence ? best.Movie : null;

    private void Score(string query, int? year, Dictionary<int, double> scores)
    {
        var key = TitleKey.Of(query);
        if (key.Length == 0) return;
        foreach (var (variantIndex, dice) in CandidatesFor(key))
        {
            var v = _variants[variantIndex];
            var similarity = Math.Max(EditSimilarity(key, v.Key), PrefixSimilarity(key, v.Key));
            var score = (0.85 * similarity + 0.15 * dice) * v.Weight;
            var movie = _movies[v.MovieIndex];
            if (year is { } y)
            {
                if (movie.Year == y) score += 0.12;
                else if (movie.Year is { } my && Math.Abs(my - y) == 1) score += 0.04; // release vs. festival year
                else score -= 0.2;
            }
            score += 0.01 * _popularity[v.MovieIndex];
            if (!scores.TryGetValue(v.MovieIndex, out var old) || score > old) scores[v.MovieIndex] = score;
        }
    }

    /// <summary>The variants sharing the most trigrams with the key (Dice coefficient).</summary>
    private List<(int Variant, double Dice)> CandidatesFor(string key)
    {
        var grams = Trigrams(key);
        // Shared-trigram counts per variant in a pooled array (Find may run on several threads at once).
        var counts = ArrayPool<int>.Shared.Rent(_variants.Count);
        Array.Clear(counts, 0, _variants.Count); // a rented array may hold another user's values
        var touched = new List<int>();
        try
        {
            foreach (var g in grams)
            {
                if (!_trigrams.TryGetValue(g, out var postings)) continue;
                foreach (var v in postings)
                    if (counts[v]++ == 0) touched.Add(v);
            }
            // Keep the best few by Dice coefficient with a small min-heap instead of sorting every touched variant.
            var heap = new PriorityQueue<int, double>(Candidates + 1);
            foreach (var v in touched)
            {
                var dice = 2.0 * counts[v] / (grams.Count + _variants[v].TrigramCount);
                counts[v] = 0;
                if (heap.Count < Candidates) heap.Enqueue(v, dice);
                else if (heap.TryPeek(out _, out var worst) && dice > worst) heap.EnqueueDequeue(v, dice);
            }
            var result = new List<(int, double)>(heap.Count);
            while (heap.TryDequeue(out var v, out var d)) result.Add((v, d));
            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private void AddVariant(int movieIndex, string text, double weight)
    {
        var key = TitleKey.Of(text);
        if (key.Length == 0) return;
        var grams = Trigrams(key);
        var index = _variants.Count;
        _variants.Add(new Variant(movieIndex, key, grams.Count, weight));
        foreach (var g in grams)
        {
            if (!_trigrams.TryGetValue(g, out var list)) _trigrams[g] = list = [];
            list.Add(index);
        }
    }

    /// <summary>"The City of Lost Children (La Cité des enfants perdus)": the whole, each part, and "Star Wars: Episode IV - A New Hope"'s subtitle.</summary>
    private static IEnumerable<(string Text, double Weight)> Variants(string title)
    {
        yield return (title, 1.0);
        var paren = title.IndexOf(" (", StringComparison.Ordinal);
        var main = paren > 0 ? title[..paren] : title;
        if (paren > 0)
        {
            yield return (main, 1.0);
            foreach (var part in title[(paren + 1)..].Split(')', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var alt = part.TrimStart('(').Trim();
                if (alt.StartsWith("a.k.a. ", StringComparison.OrdinalIgnoreCase)) alt = alt[7..];
                if (alt.Length > 0) yield return (alt, 0.98);
            }
        }
        foreach (var separator in new[] { ": ", " - " })
        {
            var i = main.IndexOf(separator, StringComparison.Ordinal);
            if (i > 0)
            {
                yield return (main[..i], 0.9);
                yield return (main[(i + separator.Length)..], 0.9);
            }
        }
    }

    private static HashSet<long> Trigrams(string key)
    {
        var padded = "  " + key + " ";
        var set = new HashSet<long>();
        for (var i = 0; i + 3 <= padded.Length; i++)
            set.Add(((long)padded[i] << 32) | ((long)padded[i + 1] << 16) | padded[i + 2]);
        return set;
    }

    private static double EditSimilarity(string a, string b)
    {
        var max = Math.Max(a.Length, b.Length);
        return max == 0 ? 1 : 1.0 - (double)Levenshtein(a, b) / max;
    }

    /// <summary>"star wars" against "star wars episode 4 a new hope": a word prefix counts, less the more is missing.</summary>
    private static double PrefixSimilarity(string query, string key) =>
        key.Length > query.Length && key.StartsWith(query, StringComparison.Ordinal) && key[query.Length] == ' '
            ? 0.6 + 0.3 * query.Length / key.Length
            : 0;

    /// <summary>Damerau (adjacent transposition) Levenshtein distance.</summary>
    internal static int Levenshtein(string a, string b)
    {
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, prev2[j - 2] + 1);
                cur[j] = d;
            }
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }

    /// <summary>"Heat (1995)" or "Heat 1995" -> ("Heat", 1995); null when there is no plausible trailing year.</summary>
    internal static (string Title, int Year)? SplitYear(string query)
    {
        var q = query.TrimEnd();
        var end = q.Length;
        if (q.EndsWith(')')) end--;
        var start = end - 4;
        if (start <= 0 || !int.TryParse(q.AsSpan(start, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (year < 1874 || year > DateTime.UtcNow.Year + 2) return null;
        var before = q[..start];
        if (q.EndsWith(')')) { if (!before.EndsWith('(')) return null; before = before[..^1]; }
        else if (!before.EndsWith(' ') && !before.EndsWith(',')) return null;
        var title = before.TrimEnd(' ', ',', '-');
        return title.Length == 0 ? null : (title, year);
    }
}
