using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// A packed copy of an index's vectors for the batched search (<see cref="DotKernels.Dot6x16"/>): panels of
/// 8 vectors stored dimension by dimension, the 8 vectors' values of one dimension side by side (one
/// Vector256 load). Dimensions are also reordered by lane class: <see cref="DotKernels.Dot"/> sums
/// dimension d in lane d % 8, so the dimensions of lane 0 (0, 8, 16, ...) come first, then those of lane 1,
/// and so on; the dimensions past the last whole 8 (Dot's scalar tail) stay last, in order. Queries are
/// packed the same way, 6 per tile. Capacity is kept a whole number of panel pairs, zero-padded. Built by the
/// first batch search and extended by later ones (an index that only serves single queries never pays for it).
/// </summary>
internal sealed class VectorPanels
{
    public const int Width = 8;             // vectors per panel (one Vector256 of floats)
    public const int PairVectors = 2 * Width; // vectors per Dot6x16 call
    public const int TileQueries = 6;       // queries per Dot6x16 call

    private float[] _data = [];
    private readonly int[] _dimensionAt; // the dimension stored at each packed position

    public VectorPanels(int dimension)
    {
        Dimension = dimension;
        _dimensionAt = new int[dimension];
        var full = Full(dimension);
        for (var d = 0; d < dimension; d++) _dimensionAt[d < full ? d % Width * (full / Width) + d / Width : d] = d;
    }

    public int Dimension { get; }

    /// <summary>Rows packed so far.</summary>
    public int Count { get; private set; }

    /// <summary>Start of the panel pair holding rows 16 * pair to 16 * pair + 15.</summary>
    public ref float PairRef(int pair) => ref _data[pair * PairVectors * Dimension];

    /// <summary>Packs the rows of <paramref name="matrix"/> added since the last call.</summary>
    public void Sync(VectorMatrix matrix)
    {
        var dim = Dimension;
        var count = matrix.Count;
        if (count == Count) return;
        if ((long)RoundUpPair(count) * dim > _data.Length)
            Array.Resize(ref _data, checked(RoundUpPair(Math.Max(count, 2 * (_data.Length / dim))) * dim));
        // Whole panels, the partial one (if any) again: each position's 8 values are written together.
        var source = matrix.Data;
        var first = Count / Width;
        var panels = (count + Width - 1) / Width - first;
        Parallel.For(0, (panels + 255) / 256, block =>
        {
            for (var panel = first + block * 256; panel < Math.Min(first + panels, first + (block + 1) * 256); panel++)
            {
                var lanes = Math.Min(Width, count - panel * Width);
                var target = _data.AsSpan(panel * Width * dim, Width * dim);
                var rowBase = panel * Width * dim;
                for (var p = 0; p < dim; p++)
                {
                    var d = _dimensionAt[p];
                    for (var lane = 0; lane < lanes; lane++) target[p * Width + lane] = source[rowBase + lane * dim + d];
                }
            }
        });
        Count = count;
    }

    /// <summary>Packs TileQueries normalized queries (<paramref name="queries"/>, row-major) into one tile.</summary>
    public void PackTile(ReadOnlySpan<float> queries, Span<float> tile)
    {
        var dim = Dimension;
        for (var p = 0; p < dim; p++)
        {
            var d = _dimensionAt[p];
            for (var j = 0; j < TileQueries; j++) tile[p * TileQueries + j] = queries[j * dim + d];
        }
    }

    /// <summary>Dimensions summed in 8 lanes by <see cref="DotKernels.Dot"/> (the rest is its scalar tail).</summary>
    public static int Full(int dim) => Vector256.IsHardwareAccelerated ? dim & ~(Width - 1) : 0;

    private static int RoundUpPair(int rows) => (rows + PairVectors - 1) / PairVectors * PairVectors;
}
