using MovieRec.Core.Domain;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// The facts the hard constraints read, as arrays built once per catalog. Every request checks every movie, so genre
/// names become bits and years, rating counts and runtimes sit in arrays, in the catalog's order, instead of being
/// looked up and compared as strings per movie.
/// </summary>
internal sealed class ConstraintIndex
{
    private readonly int[] _ids;
    private readonly ulong[] _genreBits;          // _words per movie
    private readonly int _words;
    private readonly int?[] _years;
    private readonly int[] _ratingCounts;
    private readonly int?[] _runtimes;
    private readonly bool[] _kidFriendly;
    private readonly Dictionary<string, int> _genreIndex = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every movie id, most popular first (ties in catalog order): the fallback candidates.</summary>
    public int[] ByPopularity { get; }

    public ConstraintIndex(IReadOnlyDictionary<int, Movie> movies, MovieStats stats)
    {
        foreach (var movie in movies.Values)
            foreach (var g in movie.Genres) _genreIndex.TryAdd(g, _genreIndex.Count);
        _words = Math.Max(1, (_genreIndex.Count + 63) / 64);
        var n = movies.Count;
        (_ids, _genreBits, _years, _ratingCounts, _runtimes, _kidFriendly) = (new int[n], new ulong[n * _words], new int?[n], new int[n], new int?[n], new bool[n]);
        var m = 0;
        foreach (var (id, movie) in movies)
        {
            _ids[m] = id;
            foreach (var g in movie.Genres) SetBit(_genreBits.AsSpan(m * _words, _words), _genreIndex[g]);
            _years[m] = movie.Year;
            _ratingCounts[m] = stats.Count(id);
            _runtimes[m] = movie.Metadata?.RuntimeMinutes;
            _kidFriendly[m] = KidFriendly.Allows(movie);
            m++;
        }
        ByPopularity = [.. _ids.OrderByDescending(stats.Popularity)];
    }

    /// <summary>The ids, in catalog order, that are not excluded and meet the request's genres, years, rating count, runtime and audience.</summary>
    public List<int> Allowed(HybridRequest request, HashSet<int> excluded)
    {
        var wanted = new ulong[_words];
        var unwanted = new ulong[_words];
        var unknownWanted = false;
        foreach (var g in request.Genres)
            if (_genreIndex.TryGetValue(g, out var bit)) SetBit(wanted, bit); else unknownWanted = true;
        foreach (var g in request.ExcludeGenres)
            if (_genreIndex.TryGetValue(g, out var bit)) SetBit(unwanted, bit);
        var anyGenre = request.Genres.Count > 0;
        // a genre no movie has: with "all of them" nothing qualifies; with "any of them" the others still may
        if (anyGenre && request.RequireAllGenres && unknownWanted) return [];

        var allowed = new List<int>(_ids.Length);
        for (var m = 0; m < _ids.Length; m++)
        {
            var bits = _genreBits.AsSpan(m * _words, _words);
            if (anyGenre && !(request.RequireAllGenres ? ContainsAll(bits, wanted) : Intersects(bits, wanted))) continue;
            if (Intersects(bits, unwanted)) continue;
            if (request.YearFrom is { } from && (_years[m] is not { } y1 || y1 < from)) continue;
            if (request.YearTo is { } to && (_years[m] is not { } y2 || y2 > to)) continue;
            if (_ratingCounts[m] < request.MinRatingCount) continue;
            if (request.MaxRuntimeMinutes is { } max && _runtimes[m] is { } runtime && runtime > max) continue;
            if (request.KidFriendly && !_kidFriendly[m]) continue;
            if (excluded.Contains(_ids[m])) continue;
            allowed.Add(_ids[m]);
        }
        return allowed;
    }

    private static void SetBit(Span<ulong> bits, int bit) => bits[bit >> 6] |= 1UL << (bit & 63);

    private static bool Intersects(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var w = 0; w < a.Length; w++) if ((a[w] & b[w]) != 0) return true;
        return false;
    }

    private static bool ContainsAll(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var w = 0; w < a.Length; w++) if ((a[w] & b[w]) != b[w]) return false;
        return true;
    }
}
