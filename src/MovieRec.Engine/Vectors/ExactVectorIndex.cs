using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Brute-force inner-product search over one contiguous float matrix: exact results, SIMD kernels,
/// a bounded min-heap for top-k. One query scans the rows in parallel partitions; a batch is a
/// blocked (all queries x row block) matrix product with 4x3 register tiles, parallel over row blocks.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    // Batch blocking at 384-d: a row block (~190 KB) and a query block (~190 KB) share L2, a chunk of
    // rows (~1.5 MB) stays in L3. RowBlock is a multiple of the 3-row tile, QueryBlock of the 4-query one.
    private const int RowBlock = 126;
    private const int MaxChunkBlocks = 8;
    private const int QueryBlock = 128;
    private const int ParallelScanFloats = 1 << 20; // below ~4 MB of vectors one thread is faster than fanning out

    private readonly VectorMatrix _matrix;

    public ExactVectorIndex(int dimension, int capacity = 0) => _matrix = new VectorMatrix(dimension, capacity);

    private ExactVectorIndex(VectorMatrix matrix) => _matrix = matrix;

    /// <summary>Threads used by one search (default: all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    public int Dimension => _matrix.Dimension;
    public int Count => _matrix.Count;
    public bool Contains(int id) => _matrix.TryGetRow(id, out _);
    public float[]? GetVector(int id) => _matrix.TryGetRow(id, out var row) ? _matrix.Row(row).ToArray() : null;

    public void Add(int id, ReadOnlySpan<float> vector) => _matrix.Add(id, vector);

    public IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null)
    {
        CheckK(k);
        var q = new float[Dimension];
        VectorMatrix.NormalizeInto(query, q, Dimension, nameof(query));
        if (Count == 0) return [];
        k = Math.Min(k, Count);

        var partitions = (long)Count * Dimension >= ParallelScanFloats ? Math.Max(1, MaxDegreeOfParallelism) : 1;
        if (partitions == 1)
        {
            var heap = new TopK(k);
            ScanRows(q, 0, Count, heap, filter);
            return heap.ToHits(_matrix.Ids);
        }

        var heaps = new TopK[partitions];
        var chunk = ((Count + partitions - 1) / partitions + 3) & ~3; // multiples of 4 rows
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
        var padded = (nq + 3) & ~3;
        var q = new float[(long)padded * dim]; // zero rows pad the last 4-query tile
        for (var i = 0; i < nq; i++)
        {
            if (queries[i] is null) throw new ArgumentException($"Query {i} is null.", nameof(queries));
            VectorMatrix.NormalizeInto(queries[i], q.AsSpan(i * dim, dim), dim, $"{nameof(queries)}[{i}]");
        }
        var results = new IReadOnlyList<VectorHit>[nq];
        if (Count == 0)
        {
            Array.Fill(results, Array.Empty<VectorHit>());
            return results;
        }
        k = Math.Min(k, Count);

        // Parallel over chunks of rows small enough to stay in L3: each vector is read from memory once per
        // batch (the index may be far bigger than the caches). Within a chunk, a block of queries stays in
        // L2 while it meets the chunk's row blocks one by one.
        var heaps = new TopK[nq];
        for (var i = 0; i < nq; i++) heaps[i] = new TopK(k);
        var threads = Math.Max(1, MaxDegreeOfParallelism);
        var blocksPerChunk = Math.Clamp((Count + RowBlock * threads - 1) / (RowBlock * threads), 1, MaxChunkBlocks); // a chunk per thread at least
        var chunkRows = blocksPerChunk * RowBlock;
        var chunks = (Count + chunkRows - 1) / chunkRows;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new BatchScratch(nq, k),
            (c, _, scratch) =>
            {
                var chunkEnd = Math.Min(Count, (c + 1) * chunkRows);
                for (var qStart = 0; qStart < nq; qStart += QueryBlock)
                    for (var rStart = c * chunkRows; rStart < chunkEnd; rStart += RowBlock)
                        ScanBlock(q, qStart, Math.Min(nq, qStart + QueryBlock), rStart, scratch, filter);
                return scratch;
            },
            scratch =>
            {
                lock (heaps)
                    for (var i = 0; i < nq; i++) heaps[i].MergeFrom(scratch.Heaps[i]);
            });
        for (var i = 0; i < nq; i++) results[i] = heaps[i].ToHits(_matrix.Ids);
        return results;
    }

    /// <summary>Per-thread heaps (one per query) and the scores of one 4-query x row-block tile.</summary>
    private sealed class BatchScratch
    {
        public BatchScratch(int queries, int k)
        {
            Heaps = new TopK[queries];
            for (var i = 0; i < queries; i++) Heaps[i] = new TopK(k);
        }

        public TopK[] Heaps { get; }
        public float[] Scores { get; } = new float[4 * RowBlock];
    }

    // Queries [qStart, qEnd) (in 4-query tiles; the padding queries are zero) against one row block.
    private void ScanBlock(float[] q, int qStart, int qEnd, int rStart, BatchScratch scratch, VectorFilter? filter)
    {
        var dim = Dimension;
        var rEnd = Math.Min(Count, rStart + RowBlock);
        var scores = scratch.Scores;
        for (var qi = qStart; qi < qEnd; qi += 4)
        {
            ref var qRow = ref q[qi * dim];
            var r = rStart;
            for (; r + 3 <= rEnd; r += 3)
                DotKernels.Dot4x3(ref qRow, ref _matrix.RowRef(r), dim, ref scores[r - rStart], RowBlock);
            for (; r < rEnd; r++) // the last block's 1 or 2 leftover rows
                for (var j = 0; j < 4; j++)
                    scores[j * RowBlock + r - rStart] = DotKernels.Dot(ref q[(qi + j) * dim], ref _matrix.RowRef(r), dim);
            for (var j = 0; j < 4 && qi + j < qEnd; j++)
                OfferAll(scores.AsSpan(j * RowBlock, rEnd - rStart), rStart, scratch.Heaps[qi + j], filter);
        }
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

    // Rows [start, end) with end either a multiple of 4 or Count (padding rows are computed, then ignored).
    private void ScanRows(float[] q, int start, int end, TopK heap, VectorFilter? filter)
    {
        Span<float> four = stackalloc float[4];
        for (var r = start; r < end; r += 4)
        {
            DotKernels.Dot1x4(ref q[0], ref _matrix.RowRef(r), Dimension, four);
            var n = Math.Min(4, end - r);
            for (var j = 0; j < n; j++) Offer(four[j], r + j, heap, filter);
        }
    }

    private void OfferAll(ReadOnlySpan<float> scores, int rowBase, TopK heap, VectorFilter? filter)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Most scores lose to the current k-th best: test 8 at a time before touching the heap.
            for (; i + 8 <= scores.Length; i += 8)
            {
                if (heap.IsFull && !Vector256.GreaterThanOrEqualAny(Vector256.Create(scores.Slice(i, 8)), Vector256.Create(heap.Threshold)))
                    continue;
                for (var j = i; j < i + 8; j++) Offer(scores[j], rowBase + j, heap, filter);
            }
        }
        for (; i < scores.Length; i++) Offer(scores[i], rowBase + i, heap, filter);
    }

    // An equal score goes on to TopK, which keeps the lower row: blocks arrive in any order.
    private void Offer(float score, int row, TopK heap, VectorFilter? filter)
    {
        if (heap.IsFull && score < heap.Threshold) return;
        if (filter is not null && !filter.Allows(_matrix.IdOf(row))) return;
        heap.Offer(score, row);
    }
}
