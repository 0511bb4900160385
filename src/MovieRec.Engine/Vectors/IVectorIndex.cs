namespace MovieRec.Engine.Vectors;

/// <summary>One search result: the caller's id and its cosine similarity to the query.</summary>
public readonly record struct VectorHit(int Id, float Score);

/// <summary>
/// A store of vectors keyed by non-negative int ids (e.g. movie ids), searched by inner product.
/// Vectors and queries are L2-normalized on the way in, so scores are cosine similarities.
/// Searches may run concurrently; Add must not run concurrently with anything else.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Number of components of every vector.</summary>
    int Dimension { get; }

    /// <summary>Number of vectors stored.</summary>
    int Count { get; }

    bool Contains(int id);

    /// <summary>
    /// The stored (normalized) vector, without a copy (rows never change once added), or an empty span when the id
    /// is unknown. Per request the engine reads a few hundred of them: copies were most of a chat turn's allocation.
    /// </summary>
    ReadOnlySpan<float> GetVector(int id);

    /// <summary>Adds a vector; throws ArgumentException on a duplicate id, wrong length, NaN/infinity or a zero vector.</summary>
    void Add(int id, ReadOnlySpan<float> vector);

    /// <summary>The k most similar vectors, best first (fewer when the index or the filter holds fewer).</summary>
    IReadOnlyList<VectorHit> Search(ReadOnlySpan<float> query, int k, VectorFilter? filter = null);

    /// <summary>Search for many queries at once (faster per query than calling Search in a loop).</summary>
    IReadOnlyList<VectorHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k, VectorFilter? filter = null);

    /// <summary>Writes the index to a binary, versioned, checksummed file (atomically replaced).</summary>
    void Save(string path);
}
