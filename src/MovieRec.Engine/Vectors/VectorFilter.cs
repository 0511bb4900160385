namespace MovieRec.Engine.Vectors;

/// <summary>
/// Which ids a search may return: a bitset of allowed (or denied) ids, or a predicate.
/// Build one per request, e.g. <c>VectorFilter.Deny(seenMovieIds)</c> or <c>VectorFilter.Allow(dramaIds)</c>.
/// </summary>
public sealed class VectorFilter
{
    private readonly ulong[]? _bits;
    private readonly bool _bitsMeanAllowed;
    private readonly Func<int, bool>? _predicate;

    private VectorFilter(ulong[]? bits, bool bitsMeanAllowed, Func<int, bool>? predicate, int? allowedCount = null)
    {
        AllowedCount = allowedCount;
        _bits = bits;
        _bitsMeanAllowed = bitsMeanAllowed;
        _predicate = predicate;
    }

    /// <summary>Only these ids may be returned.</summary>
    public static VectorFilter Allow(IEnumerable<int> ids)
    {
        var bits = ToBits(ids);
        var count = 0;
        foreach (var word in bits) count += System.Numerics.BitOperations.PopCount(word);
        return new(bits, bitsMeanAllowed: true, null, count);
    }

    /// <summary>An allow-list already in bits (bit id % 64 of word id / 64) with its number of set bits.</summary>
    internal static VectorFilter AllowBits(ulong[] bits, int count) => new(bits, bitsMeanAllowed: true, null, count);

    /// <summary>How many ids pass, when known (an allow-list): a search decides from it whether to fan out.</summary>
    public int? AllowedCount { get; }

    /// <summary>Every id except these may be returned.</summary>
    public static VectorFilter Deny(IEnumerable<int> ids) => new(ToBits(ids), bitsMeanAllowed: false, null);

    /// <summary>Ids for which the predicate returns true may be returned (it must be thread-safe).</summary>
    public static VectorFilter Where(Func<int, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(null, bitsMeanAllowed: false, predicate);
    }

    public bool Allows(int id)
    {
        if (_predicate is not null) return _predicate(id);
        return HasBit(_bits!, id) == _bitsMeanAllowed;
    }

    /// <summary>Whether <paramref name="id"/>'s bit is set in an id bitset (ids out of its range are not).</summary>
    internal static bool HasBit(ReadOnlySpan<ulong> bits, int id) => id >= 0 && (id >> 6) < bits.Length && (bits[id >> 6] & (1UL << (id & 63))) != 0;

    private static ulong[] ToBits(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyCollection<int> ?? ids.ToList();
        var max = -1;
        foreach (var id in list)
        {
            if (id < 0) throw new ArgumentException($"Filter ids must be non-negative, got {id}.", nameof(ids));
            max = Math.Max(max, id);
        }
        var bits = new ulong[(max >> 6) + 1];
        foreach (var id in list) bits[id >> 6] |= 1UL << (id & 63);
        return bits;
    }
}
