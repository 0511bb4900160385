using System.Runtime.CompilerServices;
using MovieRec.Core.Domain;
using MovieRec.Engine.Vectors;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// The facts the hard constraints read, as arrays built once per catalog. Every request checks every movie, so genre
/// names become bits and years, rating counts and runtimes sit in arrays, in the catalog's order, instead of being
/// looked up and compared as strings per movie.
/// </summary>
internal sealed class ConstraintIndex
{
    private readonly int[] _ids;
    private readonly int _idWords;                // ulongs of an allow-list bitset over movie ids
    private readonly ulong[] _genreBits;          // _words per movie
    private readonly int _words;
    private readonly int?[] _years;
    private readonly int[] _ratingCounts;
    private readonly int?[] _runtimes;
    private readonly bool[] _kidFriendly;
    private readonly Dictionary<string, int> _genreIndex = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every movie id, most popular first (ties in catalog order): the fallback candidates.</summary>
    public int[] ByPopularity { get; }

    public ConstraintIndex(IReadOnlyDictionary<int, Movie> movies, MovieStats stats, IReadOnlyDictionary<int, IReadOnlyList<string>>? tags = null)
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
            _kidFriendly[m] = KidFriendly.Allows(movie, tags?.GetValueOrDefault(id));
            m++;
        }
        _idWords = n == 0 ? 0 : (_ids.Max() >> 6) + 1;
        ByPopularity = [.. _ids.OrderByDescending(stats.Popularity)];
    }

    /// <summary>The movies that are not excluded and meet the request's genres, years, rating count, runtime and audience, as a filter.</summary>
    public VectorFilter Allowed(HybridRequest request, HashSet<int> excluded)
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
        if (anyGenre && request.RequireAllGenres && unknownWanted) return VectorFilter.AllowBits([], 0);

        // the request's fields in locals: read once, not once per movie
        var (requireAll, anyUnwanted, kidFriendly, minRatings) = (request.RequireAllGenres, unwanted.AsSpan().ContainsAnyExcept(0UL), request.KidFriendly, request.MinRatingCount);
        var (yearFrom, yearTo, maxRuntime) = (request.YearFrom ?? int.MinValue, request.YearTo ?? int.MaxValue, request.MaxRuntimeMinutes ?? int.MaxValue);
        var anyYear = request.YearFrom is not null || request.YearTo is not null;
        var allowed = new ulong[_idWords]; // bits straight away: a list of ids would be turned into them anyway
        var count = 0;
        for (var m = 0; m < _ids.Length; m++)
        {
            var bits = _genreBits.AsSpan(m * _words, _words);
            if (anyGenre && !(requireAll ? ContainsAll(bits, wanted) : Intersects(bits, wanted))) continue;
            if (anyUnwanted && Intersects(bits, unwanted)) continue;
            if (anyYear && (_years[m] is not { } year || year < yearFrom || year > yearTo)) continue;
            if (_ratingCounts[m] < minRatings) continue;
            if (_runtimes[m] is { } runtime && runtime > maxRuntime) continue;
            if (kidFriendly && !_kidFriendly[m]) continue;
            var id = _ids[m];
            allowed[id >> 6] |= 1UL << (id & 63);
            count++;
        }
        if (request.OnlyMovieIds.Count > 0) (allowed, count) = Restrict(allowed, request.OnlyMovieIds);
        // the excluded few are cleared afterwards rather than looked up for every movie
        foreach (var id in excluded)
        {
            if (!VectorFilter.HasBit(allowed, id)) continue;
            allowed[id >> 6] &= ~(1UL << (id & 63));
            count--;
        }
        return VectorFilter.AllowBits(allowed, count);
    }

    /// <summary>The allowed movies that are also in <paramref name="only"/>.</summary>
    private static (ulong[] Bits, int Count) Restrict(ulong[] allowed, IReadOnlyCollection<int> only)
    {
        var kept = new ulong[allowed.Length];
        var count = 0;
        foreach (var id in only)
        {
            if (!VectorFilter.HasBit(allowed, id) || VectorFilter.HasBit(kept, id)) continue;
            SetBit(kept, id);
            count++;
        }
        return (kept, count);
    }

    private static void SetBit(Span<ulong> bits, int bit) => bits[bit >> 6] |= 1UL << (bit & 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Intersects(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var w = 0; w < a.Length; w++) if ((a[w] & b[w]) != 0) return true;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ContainsAll(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var w = 0; w < a.Length; w++) if ((a[w] & b[w]) != b[w]) return false;
        return true;
    }
}
