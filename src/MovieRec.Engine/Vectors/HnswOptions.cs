namespace MovieRec.Engine.Vectors;

/// <summary>
/// HNSW parameters (names as in Malkov &amp; Yashunin and hnswlib). M: links per node per layer (2M on
/// layer 0); EfConstruction: candidate list while inserting; EfSearch: candidate list while searching
/// (raised to k when smaller); Seed: drives level assignment, so the same inserts give the same graph.
/// </summary>
public sealed record HnswOptions
{
    public int M { get; init; } = 16;
    public int EfConstruction { get; init; } = 200;
    public int EfSearch { get; init; } = 64;
    public int Seed { get; init; } = 42;

    internal void Validate()
    {
        if (M < 2 || M > 1024) throw new ArgumentOutOfRangeException(nameof(M), M, "M must be between 2 and 1024.");
        if (EfConstruction < 1) throw new ArgumentOutOfRangeException(nameof(EfConstruction), EfConstruction, "EfConstruction must be at least 1.");
        if (EfSearch < 1) throw new ArgumentOutOfRangeException(nameof(EfSearch), EfSearch, "EfSearch must be at least 1.");
    }
}
