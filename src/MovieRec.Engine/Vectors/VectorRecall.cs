namespace MovieRec.Engine.Vectors;

/// <summary>Recall@k of an approximate index against exact search: the share of the true k nearest ids it returns.</summary>
public static class VectorRecall
{
    /// <summary>Mean recall@k over the queries, with <paramref name="exact"/> as ground truth.</summary>
    public static double Measure(IVectorIndex approximate, IVectorIndex exact, IReadOnlyList<float[]> queries, int k, VectorFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(approximate);
        ArgumentNullException.ThrowIfNull(exact);
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0) throw new ArgumentException("At least one query is needed.", nameof(queries));
        return Measure(approximate.SearchBatch(queries, k, filter), exact.SearchBatch(queries, k, filter));
    }

    /// <summary>Mean recall between result lists (e.g. from another library) and exact results.</summary>
    public static double Measure(IReadOnlyList<IReadOnlyList<VectorHit>> approximate, IReadOnlyList<IReadOnlyList<VectorHit>> exact)
    {
        ArgumentNullException.ThrowIfNull(approximate);
        ArgumentNullException.ThrowIfNull(exact);
        if (approximate.Count != exact.Count) throw new ArgumentException("Both result sets must cover the same queries.", nameof(approximate));
        double sum = 0;
        var counted = 0;
        for (var i = 0; i < exact.Count; i++)
        {
            if (exact[i].Count == 0) continue;
            var truth = exact[i].Select(h => h.Id).ToHashSet();
            sum += (double)approximate[i].Count(h => truth.Contains(h.Id)) / truth.Count;
            counted++;
        }
        return counted == 0 ? 1 : sum / counted;
    }

    /// <summary>
    /// Builds an HNSW index over any vector set (e.g. the catalog's embeddings) and returns its recall@k
    /// against exact search, using <paramref name="queryCount"/> stored vectors (chosen with the seed) as
    /// queries; each query's own id is excluded, as in a "similar movies" lookup.
    /// </summary>
    public static double MeasureHnsw(IReadOnlyList<int> ids, IReadOnlyList<float[]> vectors, HnswOptions options, int k = 10, int queryCount = 200, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(vectors);
        if (ids.Count != vectors.Count || ids.Count == 0) throw new ArgumentException("Need as many ids as vectors, at least one.", nameof(ids));
        var dim = vectors[0].Length;
        var exact = new ExactVectorIndex(dim, ids.Count);
        var hnsw = new HnswVectorIndex(dim, options);
        for (var i = 0; i < ids.Count; i++)
        {
            exact.Add(ids[i], vectors[i]);
            hnsw.Add(ids[i], vectors[i]);
        }
        var random = new Random(seed);
        double sum = 0;
        queryCount = Math.Min(queryCount, ids.Count);
        foreach (var i in Enumerable.Range(0, ids.Count).OrderBy(_ => random.Next()).Take(queryCount))
        {
            var self = ids[i];
            var notSelf = VectorFilter.Where(id => id != self);
            sum += Measure([hnsw.Search(vectors[i], k, notSelf)], [exact.Search(vectors[i], k, notSelf)]);
        }
        return sum / queryCount;
    }
}
