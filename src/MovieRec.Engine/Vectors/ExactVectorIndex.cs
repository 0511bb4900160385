using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Brute-force inner-product search over one contiguous float matrix: exact results, SIMD kernels,
/// a bounded min-heap for top-k. One query scans the rows in parallel partitions; a batch is a
/// blocked (query tiles x packed vector panels) matrix product with 6x16 register tiles, parallel over vectors.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    // Batch blocking at 384-d: a panel pair (16 vectors, 24 KB) stays in L1 while a block of query tiles
    // (QueryBlockTiles x 6 queries, ~180 KB) streams past it from L2. A chunk of panel pairs (8 pairs, 128
    // vectors) is one unit of parallel work: small, so the two threads finish together.
    private const int QueryBlockTiles = 20;
    private const int MaxChunkPairs = 8;
    private const int ParallelScanFloats = 1 << 20; // below ~4 MB of vectors one thread is faster than fanning out

    private readonly VectorMatrix _matrix;
    private readonly VectorPanels _panels; // the same vectors packed for SearchBatch, synced by each batch

    public ExactVectorIndex(int dimension, int capacity = 0) : this(new VectorMatrix(dimension, capacity)) { }

    private ExactVectorIndex(VectorMatrix matrix)
    {
        _matrix = matrix;
        _panels = new VectorPanels(matrix.Dimension);
    }

    /// <summary>Threads used by one search (default: all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    public int Dimension => _matrix.Dimension;
    public int Count => _matrix.Count;
    public bool Contains(int id) => _matrix.TryGetRow(id, out _);
    public ReadOnlySpan<float> GetVector(int id) => _matrix.TryGetRow(id, out var row) ? _matrix.Row(row) : default;

    public void Add(int id, ReadOnlySpan<float> vector) => _matrix.Add(id, vector);

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        CheckK(k);
        var q = new float[Dimension];
        VectorMatrix.NormalizeInto(query, q, Dimension, nameof(query));
        if (Count == 0) return [];
        k = Math.Min(k, Count);

        var scanned = Math.Min(Count, filter?.AllowedCount ?? Count); // the rows whose products are computed
        var partitions = (long)scanned * Dimension >= ParallelScanFloats ? Math.Max(1, MaxDegreeOfParallelism) : 1;
        if (partitions == 1)
        {
            var heap = new TopK(k);
            ScanRows(q, 0, Count, heap, filter);
            return heap.ToHits(_matrix.Ids);
        }

        var heaps = new TopK[partitions];
        var chunk = (Count + partitions - 1) / partitions;
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            heaps[p] = new TopK(k);
            var start = p * chunk;
            ScanRows(q, start, Math.Min(Count, start + chunk), heaps[p], filter);
        });
        for (var p = 1; p < partitions; p++) heaps[0].MergeFrom(heaps[p]);
        return heaps[0].ToHits(_matrix.Ids);
    }

    public IReadOnlyList<VectorHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k, VectorFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        CheckK(k);
        var dim = Dimension;
        var nq = queries.Count;
        const int T = VectorPanels.TileQueries;
        var tiles = (nq + T - 1) / T;
        // Packed query tiles in a pooled buffer: a fresh 1.5 MB array per batch of 1,000 cost more in page faults
        // than packing it. Every tile is written whole (zero queries pad the last one).
        var q = ArrayPool<float>.Shared.Rent(tiles * T * dim);
        try
        {
            var rows = new float[T * dim];
            for (var t = 0; t < tiles; t++)
            {
                var n = Math.Min(T, nq - t * T);
                for (var j = 0; j < n; j++)
                {
                    var i = t * T + j;
                    if (queries[i] is null) throw new ArgumentException($"Query {i} is null.", nameof(queries));
                    VectorMatrix.NormalizeInto(queries[i], rows.AsSpan(j * dim, dim), dim, $"{nameof(queries)}[{i}]");
                }
                rows.AsSpan(n * dim).Clear();
                _panels.PackTile(rows, q.AsSpan(t * T * dim, T * dim));
            }
            if (Count == 0)
            {
                var none = new IReadOnlyList<VectorHit>[nq];
                Array.Fill(none, Array.Empty<VectorHit>());
                return none;
            }
            if (!Vector256.IsHardwareAccelerated) // e.g. Arm64: the packed kernel would run emulated; same results one by one
                return [.. queries.Select(query => Search(query, k, filter))];
            lock (_panels) _panels.Sync(_matrix); // pack what was added since the last batch
            return ScanBatch(q, nq, Math.Min(k, Count), filter);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(q);
        }
    }

    // Parallel over chunks of panel pairs: each vector is read from memory once per batch (the index may be
    // far bigger than the caches). Within a chunk, a pair meets a block of query tiles, then the next pair.
    private IReadOnlyList<VectorHit>[] ScanBatch(float[] q, int nq, int k, VectorFilter? filter)
    {
        var tiles = (nq + VectorPanels.TileQueries - 1) / VectorPanels.TileQueries;
        var heaps = new TopK[nq];
        for (var i = 0; i < nq; i++) heaps[i] = new TopK(k);
        var threads = Math.Max(1, MaxDegreeOfParallelism);
        var pairs = (Count + VectorPanels.PairVectors - 1) / VectorPanels.PairVectors;
        var chunkPairs = Math.Clamp((pairs + threads - 1) / threads, 1, MaxChunkPairs); // a chunk per thread at least
        var chunks = (pairs + chunkPairs - 1) / chunkPairs;
        // One worker per thread, each taking the next chunk until none is left (Parallel.For's own range
        // partitioning left one thread idle for up to a fifth of the batch).
        var nextChunk = -1;
        Parallel.For(0, Math.Min(threads, chunks), new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var scratch = new BatchScratch(nq, k);
            for (int c; (c = Interlocked.Increment(ref nextChunk)) < chunks;)
            {
                var pairEnd = Math.Min(pairs, (c + 1) * chunkPairs);
                for (var tStart = 0; tStart < tiles; tStart += QueryBlockTiles)
                    for (var pair = c * chunkPairs; pair < pairEnd; pair++)
                        ScanPair(q, tStart, Math.Min(tiles, tStart + QueryBlockTiles), pair, scratch, filter);
            }
            lock (heaps)
                for (var i = 0; i < nq; i++) heaps[i].MergeFrom(scratch.Heaps[i]);
        });
        var results = new IReadOnlyList<VectorHit>[nq];
        for (var i = 0; i < nq; i++) results[i] = heaps[i].ToHits(_matrix.Ids);
        return results;
    }

    /// <summary>Per-thread heaps (one per query), the scores of one 6x16 tile and the kernel's scratch.</summary>
    private sealed class BatchScratch
    {
        public BatchScratch(int queries, int k)
        {
            Heaps = new TopK[queries];
            for (var i = 0; i < queries; i++) Heaps[i] = new TopK(k);
            Thresholds = new float[queries];
            Array.Fill(Thresholds, float.NegativeInfinity);
        }

        public TopK[] Heaps { get; }
        public float[] Thresholds { get; } // each heap's Threshold, kept beside the scores (no heap visit per tile)
        public float[] Scores { get; } = new float[VectorPanels.TileQueries * VectorPanels.PairVectors];
        public float[] Partials { get; } = new float[8 * VectorPanels.TileQueries * VectorPanels.PairVectors];
    }

    // Query tiles [tStart, tEnd) against the 16 vectors of one panel pair (the padding vectors and queries are zero and skipped).
    private void ScanPair(float[] q, int tStart, int tEnd, int pair, BatchScratch scratch, VectorFilter? filter)
    {
        const int T = VectorPanels.TileQueries, P = VectorPanels.PairVectors;
        var dim = Dimension;
        var real = Count - pair * P >= P ? 0xFFFFu : (1u << (Count - pair * P)) - 1; // the pair's rows that exist
        var thresholds = scratch.Thresholds;
        ref var scores = ref scratch.Scores[0];
        ref var partials = ref scratch.Partials[0];
        ref var panels = ref _panels.PairRef(pair);
        for (var t = tStart; t < tEnd; t++)
        {
            DotKernels.Dot6x16(ref q[t * T * dim], ref panels, dim, ref partials, ref scores);
            for (int j = 0, qi = t * T; j < T && qi < thresholds.Length; j++, qi++)
            {
                // Most tiles hold no score that reaches the query's current k-th best: one test for all 16.
                var threshold = Vector256.Create(thresholds[qi]);
                var pass = (Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref scores, (nuint)(j * P)), threshold).ExtractMostSignificantBits()
                            | Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref scores, (nuint)(j * P + 8)), threshold).ExtractMostSignificantBits() << 8) & real;
                if (pass != 0) OfferPassing(scratch, qi, j * P, pass, pair * P, filter);
            }
        }
    }

    // The scores of one query's 16 that passed the tile test go to its heap (which rechecks, as its threshold rises).
    // Out of line: the test loop above stays small enough to keep its variables in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OfferPassing(BatchScratch scratch, int qi, int offset, uint pass, int rowBase, VectorFilter? filter)
    {
        var heap = scratch.Heaps[qi];
        for (; pass != 0; pass &= pass - 1)
        {
            var i = BitOperations.TrailingZeroCount(pass);
            Offer(scratch.Scores[offset + i], rowBase + i, heap, filter);
        }
        scratch.Thresholds[qi] = heap.Threshold;
    }

    public void Save(string path)
    {
        using var writer = new VectorIndexFile.Writer(path, VectorIndexFile.IndexKind.Exact, Dimension, Count);
        _matrix.WriteTo(writer);
        writer.Commit();
    }

    /// <summary>Loads an index saved by <see cref="Save"/>; InvalidDataException naming the file if it is damaged.</summary>
    public static ExactVectorIndex Load(string path)
    {
        using var reader = new VectorIndexFile.Reader(path);
        if (reader.Kind != VectorIndexFile.IndexKind.Exact) throw reader.Corrupt($"it holds a {reader.Kind} index, not an exact one");
        return Read(reader);
    }

    internal static ExactVectorIndex Read(VectorIndexFile.Reader reader)
    {
        var matrix = VectorMatrix.ReadFrom(reader);
        reader.Finish();
        return new ExactVectorIndex(matrix);
    }

    internal static void CheckK(int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
    }

    // Rows [start, end), four at a time: with a filter, the next four rows it allows, so that the products of the
    // rows a selective filter (one genre, one decade) rules out are never computed.
    private void ScanRows(float[] q, int start, int end, TopK heap, VectorFilter? filter)
    {
        Span<float> scores = stackalloc float[4];
        Span<int> rows = stackalloc int[4];
        var n = 0;
        for (var r = start; r < end; r++)
        {
            if (filter is not null && !filter.Allows(_matrix.IdOf(r))) continue;
            rows[n++] = r;
            if (n < 4) continue;
            ScoreRows(q, rows, n, scores, heap);
            n = 0;
        }
        if (n > 0) ScoreRows(q, rows, n, scores, heap);
    }

    // The first n of the four rows (the others repeat the first, computed and ignored).
    private void ScoreRows(float[] q, Span<int> rows, int n, Span<float> scores, TopK heap)
    {
        for (var j = n; j < 4; j++) rows[j] = rows[0];
        DotKernels.Dot1x4(ref q[0], ref _matrix.RowRef(rows[0]), ref _matrix.RowRef(rows[1]), ref _matrix.RowRef(rows[2]),
            ref _matrix.RowRef(rows[3]), Dimension, scores);
        for (var j = 0; j < n; j++) Offer(scores[j], rows[j], heap, filter: null);
    }

    // An equal score goes on to TopK, which keeps the lower row: blocks arrive in any order.
    private void Offer(float score, int row, TopK heap, VectorFilter? filter)
    {
        if (heap.IsFull && score < heap.Threshold) return;
        if (filter is not null && !filter.Allows(_matrix.IdOf(row))) return;
        heap.Offer(score, row);
    }
}
