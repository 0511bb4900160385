namespace MovieRec.Engine.Text.Lsa;

/// <summary>A sparse matrix in compressed sparse row form, with the two dense products randomized SVD needs.</summary>
internal sealed class CsrMatrix
{
    public CsrMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, double[] values)
    {
        Rows = rows;
        Columns = columns;
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int[] RowStart { get; }
    public int[] ColumnIndex { get; }
    public double[] Values { get; }

    public CsrMatrix Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (var c in ColumnIndex) counts[c + 1]++;
        for (var c = 0; c < Columns; c++) counts[c + 1] += counts[c];
        var next = (int[])counts.Clone();
        var rowIndex = new int[ColumnIndex.Length];
        var values = new double[Values.Length];
        for (var r = 0; r < Rows; r++)
            for (var p = RowStart[r]; p < RowStart[r + 1]; p++)
            {
                var slot = next[ColumnIndex[p]]++;
                rowIndex[slot] = r;
                values[slot] = Values[p];
            }
        return new CsrMatrix(Columns, Rows, counts, rowIndex, values);
    }

    /// <summary>This (Rows x Columns) times a dense row-major Columns x width matrix; result row-major Rows x width.</summary>
    public double[] Multiply(double[] dense, int width)
    {
        var result = new double[(long)Rows * width];
        Parallel.For(0, Rows, r =>
        {
            var row = result.AsSpan(r * width, width);
            for (var p = RowStart[r]; p < RowStart[r + 1]; p++)
            {
                var v = Values[p];
                var source = dense.AsSpan(ColumnIndex[p] * width, width);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(source, v, row, row);
            }
        });
        return result;
    }
}
