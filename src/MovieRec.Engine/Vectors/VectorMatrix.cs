using System.Numerics.Tensors;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Row-major storage of normalized vectors with their ids (row = insertion order). The backing array
/// always holds a multiple of 4 rows, zero-padded, so the 4-row kernels never need a remainder loop.
/// </summary>
internal sealed class VectorMatrix
{
    private float[] _data;
    private int[] _ids;
    private readonly Dictionary<int, int> _rowOfId;

    public VectorMatrix(int dimension, int capacity = 0)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Dimension must be positive.");
        Dimension = dimension;
        capacity = RoundUp4(Math.Max(capacity, 4));
        _data = new float[(long)capacity * dimension];
        _ids = new int[capacity];
        _rowOfId = new Dictionary<int, int>(capacity);
    }

    public int Dimension { get; }
    public int Count { get; private set; }

    /// <summary>The padded backing array (rows beyond Count are zero).</summary>
    public float[] Data => _data;

    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    public int IdOf(int row) => _ids[row];

    public ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * Dimension, Dimension);

    public ref float RowRef(int row) => ref _data[row * Dimension];

    public bool TryGetRow(int id, out int row) => _rowOfId.TryGetValue(id, out row);

    /// <summary>Validates, normalizes and appends; returns the new row.</summary>
    public int Add(int id, ReadOnlySpan<float> vector)
    {
        if (id < 0) throw new ArgumentOutOfRangeException(nameof(id), id, "Vector ids must be non-negative.");
        if (_rowOfId.ContainsKey(id)) throw new ArgumentException($"Id {id} is already in the index.", nameof(id));
        if (Count == _ids.Length) Grow();
        NormalizeInto(vector, _data.AsSpan(Count * Dimension, Dimension), Dimension, nameof(vector));
        _ids[Count] = id;
        _rowOfId.Add(id, Count);
        return Count++;
    }

    /// <summary>Writes ids then vectors (the part of the file format every index shares).</summary>
    public void WriteTo(VectorIndexFile.Writer writer)
    {
        writer.WriteInt32s(Ids);
        writer.WriteFloats(_data.AsSpan(0, Count * Dimension));
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, straight into the backing array.</summary>
    public static VectorMatrix ReadFrom(VectorIndexFile.Reader reader)
    {
        var matrix = new VectorMatrix(reader.Dimension, reader.Count);
        var count = reader.Count;
        reader.ReadInt32s(matrix._ids.AsSpan(0, count), "ids");
        reader.ReadFloats(matrix._data.AsSpan(0, count * reader.Dimension), "vectors");
        for (var row = 0; row < count; row++)
        {
            var id = matrix._ids[row];
            if (id < 0 || !matrix._rowOfId.TryAdd(id, row)) throw reader.Corrupt($"invalid or duplicate id {id} at row {row}");
        }
        matrix.Count = count;
        return matrix;
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/> scaled to unit length.
    /// Throws a clear ArgumentException for a wrong length, NaN/infinity or an all-zero vector.
    /// </summary>
    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> target, int dimension, string paramName)
    {
        if (source.Length != dimension)
            throw new ArgumentException($"Expected a vector of dimension {dimension}, got {source.Length}.", paramName);
        double sumSquares = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var v = source[i];
            if (!float.IsFinite(v)) throw new ArgumentException($"Vector component {i} is {v}; vectors must be finite.", paramName);
            sumSquares += (double)v * v;
        }
        if (sumSquares == 0) throw new ArgumentException("Vector is all zeros; it has no direction to compare.", paramName);
        TensorPrimitives.Multiply(source, (float)(1 / Math.Sqrt(sumSquares)), target);
    }

    private void Grow()
    {
        var capacity = RoundUp4(Math.Max(8, _ids.Length * 2));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _data, checked(capacity * Dimension));
    }

    private static int RoundUp4(int n) => (n + 3) & ~3;
}
