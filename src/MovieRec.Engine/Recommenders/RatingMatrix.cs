using MovieRec.Core.Domain;

namespace MovieRec.Engine.Recommenders;

/// <summary>
/// The training data every model shares (Surprise's Trainset): raw ids outside, dense inner indices inside.
/// Ratings are stored twice in CSR form, by user (rows sorted by item) and by item (rows sorted by user),
/// plus a flat COO copy in user order for SGD. Built once, read-only afterwards, safe to share across threads.
/// </summary>
public sealed class RatingMatrix
{
    private readonly Dictionary<int, int> _userIndex;
    private readonly Dictionary<int, int> _itemIndex;

    public RatingScale Scale { get; }
    public int[] UserIds { get; }                 // inner -> raw
    public int[] ItemIds { get; }
    public int UserCount => UserIds.Length;
    public int ItemCount => ItemIds.Length;
    public int RatingCount => RatingUsers.Length;
    public float GlobalMean { get; }
    /// <summary>A hash of every (user, item, value) triple, independent of input order; models record it.</summary>
    public ulong Fingerprint { get; }

    public int[] UserPtr { get; }                 // CSR by user: items of user u are UserItems[UserPtr[u]..UserPtr[u+1]]
    public int[] UserItems { get; }
    public float[] UserValues { get; }
    public int[] ItemPtr { get; }                 // CSR by item
    public int[] ItemUsers { get; }
    public float[] ItemValues { get; }
    /// <summary>COO in user order: the user index of each entry of UserItems/UserValues.</summary>
    public int[] RatingUsers { get; }

    private RatingMatrix(RatingScale scale, int[] userIds, int[] itemIds, int[] rowUsers, int[] cols, float[] vals)
    {
        Scale = scale;
        UserIds = userIds;
        ItemIds = itemIds;
        _userIndex = new Dictionary<int, int>(userIds.Length);
        for (var i = 0; i < userIds.Length; i++) _userIndex[userIds[i]] = i;
        _itemIndex = new Dictionary<int, int>(itemIds.Length);
        for (var i = 0; i < itemIds.Length; i++) _itemIndex[itemIds[i]] = i;

        // rowUsers/cols/vals are sorted by (user, item).
        RatingUsers = rowUsers;
        UserItems = cols;
        UserValues = vals;
        UserPtr = BuildPtr(rowUsers, userIds.Length);
        (ItemPtr, ItemUsers, ItemValues) = Transpose(UserPtr, cols, vals, itemIds.Length);

        double sum = 0;
        foreach (var v in vals) sum += v;
        GlobalMean = vals.Length == 0 ? 0 : (float)(sum / vals.Length);

        // FNV-1a over the sorted triples with raw ids: the same data gives the same fingerprint in any order.
        var h = 14695981039346656037UL;
        for (var k = 0; k < vals.Length; k++)
        {
            h = Mix(h, (ulong)(uint)userIds[rowUsers[k]]);
            h = Mix(h, (ulong)(uint)itemIds[cols[k]]);
            h = Mix(h, BitConverter.SingleToUInt32Bits(vals[k]));
        }
        Fingerprint = h;
    }

    private static ulong Mix(ulong h, ulong x)
    {
        for (var b = 0; b < 4; b++) { h ^= (x >> (8 * b)) & 0xFF; h *= 1099511628211UL; }
        return h;
    }

    /// <summary>Builds the matrix. Duplicate (user, movie) pairs keep the last rating. Throws on empty input.</summary>
    public static RatingMatrix Build(IEnumerable<Rating> ratings, RatingScale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var list = ratings as IReadOnlyList<Rating> ?? ratings.ToList();
        if (list.Count == 0) throw new ArgumentException("Cannot train on an empty set of ratings.", nameof(ratings));

        var userIds = list.Select(r => r.UserId).Distinct().Order().ToArray();
        var itemIds = list.Select(r => r.MovieId).Distinct().Order().ToArray();
        var uIdx = new Dictionary<int, int>(userIds.Length);
        for (var i = 0; i < userIds.Length; i++) uIdx[userIds[i]] = i;
        var iIdx = new Dictionary<int, int>(itemIds.Length);
        for (var i = 0; i < itemIds.Length; i++) iIdx[itemIds[i]] = i;

        var keys = new long[list.Count];
        var values = new float[list.Count];
        for (var k = 0; k < list.Count; k++)
        {
            var r = list[k];
            if (!float.IsFinite(r.Value)) throw new ArgumentException($"Rating {k} (user {r.UserId}, movie {r.MovieId}) is not a finite number.", nameof(ratings));
            keys[k] = ((long)uIdx[r.UserId] << 32) | (uint)iIdx[r.MovieId];
            values[k] = r.Value;
        }
        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(keys.ToArray(), order); // unstable: duplicates are resolved below by keeping the largest input index
        var rows = new List<int>(keys.Length);
        var cols = new List<int>(keys.Length);
        var vals = new List<float>(keys.Length);
        var lastIndex = -1;
        for (var p = 0; p < order.Length; p++)
        {
            var k = order[p];
            var key = keys[k];
            if (rows.Count > 0 && rows[^1] == (int)(key >> 32) && cols[^1] == (int)(key & 0xFFFFFFFF))
            {
                // duplicate pair: keep the rating that came last in the input
                if (k > lastIndex) { vals[^1] = values[k]; lastIndex = k; }
                continue;
            }
            rows.Add((int)(key >> 32));
            cols.Add((int)(key & 0xFFFFFFFF));
            vals.Add(values[k]);
            lastIndex = k;
        }
        var s = scale ?? InferScale(vals);
        return new RatingMatrix(s, userIds, itemIds, rows.ToArray(), cols.ToArray(), vals.ToArray());
    }

    private static RatingScale InferScale(List<float> vals)
    {
        var min = vals.Min();
        var halves = vals.Any(v => v != MathF.Floor(v));
        return halves || min < 1f ? RatingScale.HalfStars : RatingScale.WholeStars;
    }

    private static int[] BuildPtr(int[] rows, int n)
    {
        var ptr = new int[n + 1];
        foreach (var r in rows) ptr[r + 1]++;
        for (var i = 0; i < n; i++) ptr[i + 1] += ptr[i];
        return ptr;
    }

    private static (int[] Ptr, int[] Idx, float[] Val) Transpose(int[] ptr, int[] cols, float[] vals, int nCols)
    {
        var tPtr = new int[nCols + 1];
        foreach (var c in cols) tPtr[c + 1]++;
        for (var i = 0; i < nCols; i++) tPtr[i + 1] += tPtr[i];
        var next = (int[])tPtr.Clone();
        var idx = new int[cols.Length];
        var val = new float[cols.Length];
        for (var r = 0; r < ptr.Length - 1; r++)
            for (var k = ptr[r]; k < ptr[r + 1]; k++)
            {
                var p = next[cols[k]]++;
                idx[p] = r;
                val[p] = vals[k];
            }
        return (tPtr, idx, val);
    }

    public bool TryGetUser(int rawUserId, out int inner) => _userIndex.TryGetValue(rawUserId, out inner);
    public bool TryGetItem(int rawMovieId, out int inner) => _itemIndex.TryGetValue(rawMovieId, out inner);
    public int? UserInner(int rawUserId) => _userIndex.TryGetValue(rawUserId, out var i) ? i : null;
    public int? ItemInner(int rawMovieId) => _itemIndex.TryGetValue(rawMovieId, out var i) ? i : null;

    public ReadOnlySpan<int> ItemsOf(int user) => UserItems.AsSpan(UserPtr[user], UserPtr[user + 1] - UserPtr[user]);
    public ReadOnlySpan<float> ValuesOf(int user) => UserValues.AsSpan(UserPtr[user], UserPtr[user + 1] - UserPtr[user]);
    public ReadOnlySpan<int> UsersOf(int item) => ItemUsers.AsSpan(ItemPtr[item], ItemPtr[item + 1] - ItemPtr[item]);
    public ReadOnlySpan<float> ItemRatingsOf(int item) => ItemValues.AsSpan(ItemPtr[item], ItemPtr[item + 1] - ItemPtr[item]);
    public int UserDegree(int user) => UserPtr[user + 1] - UserPtr[user];
    public int ItemDegree(int item) => ItemPtr[item + 1] - ItemPtr[item];
}
