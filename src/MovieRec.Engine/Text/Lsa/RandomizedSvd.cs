using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace MovieRec.Engine.Text.Lsa;

/// <summary>
/// Randomized truncated SVD (Halko, Martinsson &amp; Tropp 2011, algorithms 4.4 + 5.1): A ~ U_k S_k V_k^T from a
/// Gaussian range sketch of l = k + p columns refined by q power iterations. Only the document-side basis is
/// re-orthonormalized (Cholesky-QR, twice, for stability), which keeps every dense step on n x l or l x l
/// matrices; the small problem is solved as the eigen-decomposition of B B^T with B = Q^T A.
/// All dense matrices are row-major double arrays.
/// </summary>
internal static class RandomizedSvd
{
    public sealed record Result(int Rank, double[] U, double[] S, double[] V);

    /// <param name="a">n x m sparse matrix.</param>
    /// <returns>U (n x k) and V (m x k) row-major, S descending; k may be below <paramref name="rank"/> for tiny inputs.</returns>
    public static Result Compute(CsrMatrix a, int rank, int oversampling, int powerIterations, int seed)
    {
        var at = a.Transpose();
        var l = Math.Min(rank + oversampling, Math.Min(a.Rows, a.Columns));
        var k = Math.Min(rank, l);

        var q = Orthonormalize(a.Multiply(Gaussian(a.Columns, l, new Random(seed)), l), a.Rows, l);
        for (var i = 0; i < powerIterations; i++)
            q = Orthonormalize(a.Multiply(at.Multiply(q, l), l), a.Rows, l);

        // B = Q^T A = Z^T with Z = A^T Q (m x l). B B^T = Z^T Z = W diag(s^2) W^T.
        var z = at.Multiply(q, l);
        var gram = Matrix<double>.Build.Dense(l, l, Gram(z, a.Columns, l)); // symmetric: layout does not matter
        var evd = gram.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, l).OrderByDescending(j => evd.EigenValues[j].Real).Take(k).ToArray();
        var w = new double[l * k];
        for (var r = 0; r < l; r++)
            for (var c = 0; c < k; c++) w[r * k + c] = evd.EigenVectors[r, order[c]];
        var s = order.Select(j => Math.Sqrt(Math.Max(evd.EigenValues[j].Real, 0))).ToArray();

        var u = MultiplyDense(q, a.Rows, l, w, k);  // U = Q W
        var v = MultiplyDense(z, a.Columns, l, w, k); // V = B^T W S^-1 = Z W S^-1
        var inverse = s.Select(x => x > 1e-12 ? 1 / x : 0).ToArray();
        for (var r = 0; r < a.Columns; r++) TensorPrimitives.Multiply(v.AsSpan(r * k, k), inverse, v.AsSpan(r * k, k));
        return new Result(k, u, s, v);
    }

    private static double[] Gaussian(int rows, int columns, Random random)
    {
        var data = new double[(long)rows * columns];
        for (var i = 0; i < data.Length; i += 2)
        {
            // Box-Muller: two independent standard normals per pair of uniforms.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = radius * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < data.Length) data[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
        }
        return data;
    }

    /// <summary>Y^T Y (upper triangle mirrored) as a row-major l x l array, by rank-1 updates over rows.</summary>
    private static double[] Gram(double[] y, int rows, int columns)
    {
        var g = new double[columns * columns];
        for (var r = 0; r < rows; r++)
        {
            var row = y.AsSpan(r * columns, columns);
            for (var i = 0; i < columns; i++)
            {
                var yi = row[i];
                if (yi == 0) continue;
                var target = g.AsSpan(i * columns + i, columns - i);
                TensorPrimitives.MultiplyAdd(row[i..], yi, target, target);
            }
        }
        for (var i = 0; i < columns; i++)
            for (var j = 0; j < i; j++) g[i * columns + j] = g[j * columns + i];
        return g;
    }

    /// <summary>An orthonormal basis of Y's columns by Cholesky-QR applied twice (CholQR2); QR as a fallback when Y is rank-deficient.</summary>
    private static double[] Orthonormalize(double[] y, int rows, int columns)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var gram = Gram(y, rows, columns);
            Cholesky<double> cholesky;
            try { cholesky = Matrix<double>.Build.DenseOfRowMajor(columns, columns, gram).Cholesky(); }
            catch (ArgumentException) { return HouseholderQ(y, rows, columns); }
            var lower = cholesky.Factor.ToRowMajorArray(); // G = L L^T, so Y = Q L^T and Q = Y L^-T
            var diagonalOk = true;
            for (var i = 0; i < columns; i++) diagonalOk &= lower[i * columns + i] > 1e-10 * Math.Sqrt(gram[0]);
            if (!diagonalOk) return HouseholderQ(y, rows, columns);
            var result = new double[y.Length];
            Parallel.For(0, rows, r =>
            {
                var yr = y.AsSpan(r * columns, columns);
                var qr = result.AsSpan(r * columns, columns);
                for (var j = 0; j < columns; j++)
                {
                    // Forward substitution of q L^T = y: q[j] = (y[j] - sum_{i<j} q[i] L[j,i]) / L[j,j].
                    var dot = j == 0 ? 0 : TensorPrimitives.Dot(qr[..j], lower.AsSpan(j * columns, j));
                    qr[j] = (yr[j] - dot) / lower[j * columns + j];
                }
            });
            y = result;
        }
        return y;
    }

    private static double[] HouseholderQ(double[] y, int rows, int columns) =>
        Matrix<double>.Build.DenseOfRowMajor(rows, columns, y).QR(QRMethod.Thin).Q.ToRowMajorArray();

    /// <summary>X (rows x inner) times W (inner x columns), row-major.</summary>
    private static double[] MultiplyDense(double[] x, int rows, int inner, double[] w, int columns)
    {
        var result = new double[(long)rows * columns];
        Parallel.For(0, rows, r =>
        {
            var target = result.AsSpan(r * columns, columns);
            for (var j = 0; j < inner; j++)
            {
                var xj = x[r * inner + j];
                if (xj != 0) TensorPrimitives.MultiplyAdd(w.AsSpan(j * columns, columns), xj, target, target);
            }
        });
        return result;
    }
}
