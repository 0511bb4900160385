using System.Collections.Concurrent;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, 2016/2018) over inner-product
/// similarity of normalized vectors. Inserts are sequential and deterministic (levels come from a hash
/// of the seed and the row), neighbours are chosen with the paper's heuristic (Algorithm 4), and a
/// filter only removes results: disallowed nodes are still traversed, so the graph stays connected.
/// Searches may run concurrently; adds must not overlap searches.
/// </summary>
public sealed class HnswVectorIndex : IVectorIndex
{
    private const int MaxLevel = 30;

    private readonly VectorMatrix _matrix;
    private readonly int _m;
    private readonly int _m0;          // layer-0 capacity (2M)
    private readonly double _levelScale;
    private int[] _levels;
    private int[] _links0;             // per node: [count, n1..n_m0]
    private int[]?[][] _upper;         // per node, per layer 1..level: [count, n1..n_m]
    private int _entry = -1;
    private int _topLevel = -1;
    private readonly ConcurrentBag<VisitedSet> _visitedPool = [];

    public HnswVectorIndex(int dimension, HnswOptions? options = null)
        : this(new VectorMatrix(dimension), options ?? new HnswOptions())
    {
    }

    private HnswVectorIndex(VectorMatrix matrix, HnswOptions options)
    {
        Options = options;
        Options.Validate();
        _matrix = matrix;
        _m = Options.M;
        _m0 = 2 * Options.M;
        _levelScale = 1 / Math.Log(Options.M);
        EfSearch = Options.EfSearch;
        _levels = new int[4];
        _links0 = new int[4 * (_m0 + 1)];
        _upper = new int[]?[4][];
    }

    /// <summary>The options the graph was built with (EfSearch may be changed afterwards).</summary>
    public HnswOptions Options { get; }

    /// <summary>Candidate list size for searches; higher is slower and more accurate.</summary>
    public int EfSearch
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "EfSearch must be at least 1.");
    }

    /// <summary>Threads used by SearchBatch (default: all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    public int Dimension => _matrix.Dimension;
    public int Count => _matrix.Count;
    public bool Contains(int id) => _matrix.TryGetRow(id, out _);
    public ReadOnlySpan<float> GetVector(int id) => _matrix.TryGetRow(id, out var row) ? _matrix.Row(row) : default;

    public void Add(int id, ReadOnlySpan<float> vector)
    {
        var node = _matrix.Add(id, vector);
        EnsureCapacity(node + 1);
        Insert(node);
    }

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        ExactVectorIndex.CheckK(k);
        var q = new float[Dimension];
        VectorMatrix.NormalizeInto(query, q, Dimension, nameof(query));
        return SearchNormalized(q, k, filter);
    }

    public IReadOnlyList<VectorHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k, VectorFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ExactVectorIndex.CheckK(k);
        var normalized = new float[queries.Count][];
        for (var i = 0; i < normalized.Length; i++)
        {
            if (queries[i] is null) throw new ArgumentException($"Query {i} is null.", nameof(queries));
            normalized[i] = new float[Dimension];
            VectorMatrix.NormalizeInto(queries[i], normalized[i], Dimension, $"{nameof(queries)}[{i}]");
        }
        var results = new IReadOnlyList<VectorHit>[normalized.Length];
        Parallel.For(0, normalized.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) },
            i => results[i] = SearchNormalized(normalized[i], k, filter));
        return results;
    }

    /// <summary>The layer-0 neighbours of an id (for tests and diagnostics).</summary>
    public int[] NeighboursOf(int id)
    {
        if (!_matrix.TryGetRow(id, out var row)) throw new KeyNotFoundException($"Id {id} is not in the index.");
        var links = Links(row, 0);
        var result = new int[links[0]];
        for (var i = 0; i < result.Length; i++) result[i] = _matrix.IdOf(links[1 + i]);
        return result;
    }

    public void Save(string path)
    {
        using var writer = new VectorIndexFile.Writer(path, VectorIndexFile.IndexKind.Hnsw, Dimension, Count);
        writer.WriteInt32(Options.M);
        writer.WriteInt32(Options.EfConstruction);
        writer.WriteInt32(EfSearch);
        writer.WriteInt32(Options.Seed);
        writer.WriteInt32(_entry);
        writer.WriteInt32(_topLevel);
        _matrix.WriteTo(writer);
        writer.WriteInt32s(_levels.AsSpan(0, Count));
        writer.WriteInt32s(_links0.AsSpan(0, Count * (_m0 + 1)));
        for (var node = 0; node < Count; node++)
            for (var layer = 1; layer <= _levels[node]; layer++)
                writer.WriteInt32s(_upper[node]![layer - 1]);
        writer.Commit();
    }

    /// <summary>Loads an index saved by <see cref="Save"/>; InvalidDataException naming the file if it is damaged.</summary>
    public static HnswVectorIndex Load(string path)
    {
        using var reader = new VectorIndexFile.Reader(path);
        if (reader.Kind != VectorIndexFile.IndexKind.Hnsw) throw reader.Corrupt($"it holds a {reader.Kind} index, not an HNSW one");
        return Read(reader);
    }

    internal static HnswVectorIndex Read(VectorIndexFile.Reader reader)
    {
        HnswOptions options;
        try
        {
            options = new HnswOptions
            {
                M = reader.ReadInt32("options"),
                EfConstruction = reader.ReadInt32("options"),
                EfSearch = reader.ReadInt32("options"),
                Seed = reader.ReadInt32("options"),
            };
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw reader.Corrupt("bad HNSW options: " + e.Message);
        }
        var entry = reader.ReadInt32("entry point");
        var topLevel = reader.ReadInt32("entry point");
        var matrix = VectorMatrix.ReadFrom(reader);
        var index = new HnswVectorIndex(matrix, options);
        var count = matrix.Count;
        index.EnsureCapacity(count);
        reader.Require(4L * count * (index._m0 + 2), "graph");
        reader.ReadInt32s(index._levels.AsSpan(0, count), "levels");
        reader.ReadInt32s(index._links0.AsSpan(0, count * (index._m0 + 1)), "layer-0 links");
        for (var node = 0; node < count; node++)
        {
            var level = index._levels[node];
            if (level < 0 || level > MaxLevel || level > topLevel) throw reader.Corrupt($"bad level {level} for row {node}");
            index.CheckLinks(index._links0.AsSpan(node * (index._m0 + 1), index._m0 + 1), count, reader);
            if (level == 0) continue;
            var layers = new int[level][];
            for (var l = 0; l < level; l++)
            {
                layers[l] = new int[index._m + 1];
                reader.ReadInt32s(layers[l], "upper-layer links");
                index.CheckLinks(layers[l], count, reader);
            }
            index._upper[node] = layers;
        }
        if (count > 0 && (entry < 0 || entry >= count || index._levels[entry] != topLevel) || count == 0 && entry != -1)
            throw reader.Corrupt($"bad entry point {entry}");
        reader.Finish();
        index._entry = entry;
        index._topLevel = topLevel;
        return index;
    }

    private void CheckLinks(ReadOnlySpan<int> links, int count, VectorIndexFile.Reader reader)
    {
        if (links[0] < 0 || links[0] >= links.Length) throw reader.Corrupt($"bad neighbour count {links[0]}");
        foreach (var n in links.Slice(1, links[0]))
            if (n < 0 || n >= count) throw reader.Corrupt($"neighbour {n} out of range");
    }

    private void EnsureCapacity(int count)
    {
        if (_levels.Length >= count) return;
        var capacity = Math.Max(count, _levels.Length * 2);
        Array.Resize(ref _levels, capacity);
        Array.Resize(ref _links0, capacity * (_m0 + 1));
        Array.Resize(ref _upper, capacity);
    }

    private Span<int> Links(int node, int layer) =>
        layer == 0 ? _links0.AsSpan(node * (_m0 + 1), _m0 + 1) : _upper[node]![layer - 1];

    // Graph walks use the faster dot; the scores a search returns are recomputed with the exact index's
    // kernel, so both index kinds report the same cosine for a movie.
    private float Similarity(float[] q, int node) => DotKernels.DotFast(ref q[0], ref _matrix.RowRef(node), Dimension);

    private float Similarity(int a, int b) => DotKernels.DotFast(ref _matrix.RowRef(a), ref _matrix.RowRef(b), Dimension);

    // Level ~ floor(-ln(U) * mL) with U from a hash of (seed, row): reproducible, and continues the same
    // way after a save and load.
    private int LevelOf(int node)
    {
        var h = (ulong)(uint)Options.Seed << 32 | (uint)node;
        h += 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        var u = ((h >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]
        return Math.Min((int)(-Math.Log(u) * _levelScale), MaxLevel);
    }

    /// <summary>Algorithm 1: insert the vector at <paramref name="node"/>.</summary>
    private void Insert(int node)
    {
        var level = LevelOf(node);
        _levels[node] = level;
        _links0[node * (_m0 + 1)] = 0;
        if (level > 0)
        {
            var layers = new int[level][];
            for (var l = 0; l < level; l++) layers[l] = new int[_m + 1];
            _upper[node] = layers;
        }
        if (_entry < 0)
        {
            _entry = node;
            _topLevel = level;
            return;
        }

        var q = _matrix.Row(node).ToArray();
        var ep = _entry;
        var epSim = Similarity(q, ep);
        for (var layer = _topLevel; layer > level; layer--) Greedy(q, ref ep, ref epSim, layer);

        var visited = RentVisited();
        try
        {
            for (var layer = Math.Min(level, _topLevel); layer >= 0; layer--)
            {
                var found = SearchLayer(q, ep, epSim, Options.EfConstruction, layer, null, visited);
                // Like FAISS, link up to 2M on layer 0 (hnswlib links M): a denser base layer, better recall.
                var selected = SelectNeighbours(found, layer == 0 ? _m0 : _m);
                var links = Links(node, layer);
                links[0] = selected.Count;
                for (var i = 0; i < selected.Count; i++) links[1 + i] = selected[i].Node;
                foreach (var (neighbour, sim) in selected) Connect(neighbour, node, sim, layer);
                (ep, epSim) = found[0];
            }
        }
        finally
        {
            _visitedPool.Add(visited);
        }
        if (level > _topLevel)
        {
            _entry = node;
            _topLevel = level;
        }
    }

    /// <summary>Adds the back link neighbour -> node, re-selecting the neighbour's links when full.</summary>
    private void Connect(int neighbour, int node, float sim, int layer)
    {
        var links = Links(neighbour, layer);
        var capacity = links.Length - 1;
        var count = links[0];
        if (count < capacity)
        {
            links[1 + count] = node;
            links[0] = count + 1;
            return;
        }
        var candidates = new List<(int Node, float Sim)>(count + 1) { (node, sim) };
        for (var i = 1; i <= count; i++) candidates.Add((links[i], Similarity(neighbour, links[i])));
        candidates.Sort(static (a, b) => a.Sim != b.Sim ? b.Sim.CompareTo(a.Sim) : a.Node.CompareTo(b.Node));
        var kept = SelectNeighbours(candidates, capacity);
        links[0] = kept.Count;
        for (var i = 0; i < kept.Count; i++) links[1 + i] = kept[i].Node;
    }

    /// <summary>
    /// Algorithm 4 (heuristic): walk candidates best first and keep one only if it is more similar to
    /// the base than to every neighbour kept so far, which spreads links across directions.
    /// </summary>
    private List<(int Node, float Sim)> SelectNeighbours(List<(int Node, float Sim)> candidatesBestFirst, int m)
    {
        if (candidatesBestFirst.Count <= m) return candidatesBestFirst;
        var kept = new List<(int Node, float Sim)>(m);
        foreach (var candidate in candidatesBestFirst)
        {
            if (kept.Count >= m) break;
            var good = true;
            foreach (var other in kept)
            {
                if (Similarity(candidate.Node, other.Node) > candidate.Sim)
                {
                    good = false;
                    break;
                }
            }
            if (good) kept.Add(candidate);
        }
        return kept;
    }

    /// <summary>Greedy descent on one layer (search with ef = 1).</summary>
    private void Greedy(float[] q, ref int ep, ref float epSim, int layer)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            var links = Links(ep, layer);
            for (var i = 1; i <= links[0]; i++)
            {
                var sim = Similarity(q, links[i]);
                if (sim > epSim)
                {
                    epSim = sim;
                    ep = links[i];
                    changed = true;
                }
            }
        }
    }

    /// <summary>
    /// Algorithm 2: best-first search on one layer keeping the ef best nodes. With a filter, disallowed
    /// nodes are expanded but never kept, so the search keeps going until ef allowed nodes are found.
    /// Returns the kept nodes best first.
    /// </summary>
    private List<(int Node, float Sim)> SearchLayer(float[] q, int ep, float epSim, int ef, int layer, VectorFilter? filter, VisitedSet visited)
    {
        visited.Reset(Count);
        var candidates = new PriorityQueue<int, float>(); // best first (priority = -sim)
        var results = new PriorityQueue<int, float>();    // worst first
        visited.Mark(ep);
        candidates.Enqueue(ep, -epSim);
        if (filter is null || filter.Allows(_matrix.IdOf(ep))) results.Enqueue(ep, epSim);
        var worst = results.Count > 0 ? epSim : float.NegativeInfinity;

        while (candidates.TryDequeue(out var current, out var negSim))
        {
            if (results.Count >= ef && -negSim < worst) break;
            var links = Links(current, layer);
            for (var i = 1; i <= links[0]; i++)
            {
                var n = links[i];
                if (!visited.Mark(n)) continue;
                var sim = Similarity(q, n);
                if (results.Count >= ef && sim <= worst) continue;
                candidates.Enqueue(n, -sim);
                if (filter is not null && !filter.Allows(_matrix.IdOf(n))) continue;
                results.Enqueue(n, sim);
                if (results.Count > ef) results.Dequeue();
                results.TryPeek(out _, out worst);
            }
        }

        var found = new List<(int Node, float Sim)>(results.Count);
        while (results.TryDequeue(out var node, out var sim)) found.Add((node, sim));
        found.Reverse();
        return found;
    }

    /// <summary>Algorithm 5: greedy descent to layer 0, then a search with ef = max(EfSearch, k).</summary>
    private VectorHit[] SearchNormalized(float[] q, int k, VectorFilter? filter)
    {
        var entry = _entry;
        if (entry < 0) return [];
        var epSim = Similarity(q, entry);
        for (var layer = _topLevel; layer > 0; layer--) Greedy(q, ref entry, ref epSim, layer);
        var visited = RentVisited();
        try
        {
            var found = SearchLayer(q, entry, epSim, Math.Max(EfSearch, k), 0, filter, visited);
            var rescored = new (float Score, int Row)[found.Count];
            for (var i = 0; i < rescored.Length; i++)
                rescored[i] = (DotKernels.Dot(ref q[0], ref _matrix.RowRef(found[i].Node), Dimension), found[i].Node);
            Array.Sort(rescored, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Row.CompareTo(b.Row));
            var hits = new VectorHit[Math.Min(k, rescored.Length)];
            for (var i = 0; i < hits.Length; i++) hits[i] = new VectorHit(_matrix.IdOf(rescored[i].Row), rescored[i].Score);
            return hits;
        }
        finally
        {
            _visitedPool.Add(visited);
        }
    }

    private VisitedSet RentVisited() => _visitedPool.TryTake(out var set) ? set : new VisitedSet();

    /// <summary>Visited marks by generation number: clearing is O(1) per search.</summary>
    private sealed class VisitedSet
    {
        private int[] _marks = [];
        private int _generation;

        public void Reset(int count)
        {
            if (_marks.Length < count) _marks = new int[Math.Max(count, _marks.Length * 2)];
            if (++_generation == int.MaxValue)
            {
                Array.Clear(_marks);
                _generation = 1;
            }
        }

        /// <summary>Marks the node; false if it was already marked.</summary>
        public bool Mark(int node)
        {
            if (_marks[node] == _generation) return false;
            _marks[node] = _generation;
            return true;
        }
    }
}
