using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace MovieRec.Engine.Text.Lsa;

/// <summary>
/// Randomized truncated SVD (Halko, Martinsson &amp; Tropp 2011, algorithms 4.4 + 5.1): A ~ U_k S_k V_k^T from a
/// Gaussian range sketch of k + p columns refined by q power iterations (re-orthonormalized each time).
/// The small l x l problem is solved as the eigen-decomposition of B B^T with B = Q^T A.
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

        var omega = Gaussian(a.Columns, l, new Random(seed));
        var q = Orthonormalize(a.Multiply(omega, l), a.Rows, l);
        for (var i = 0; i < powerIterations; i++)
        {
            var z = Orthonormalize(at.Multiply(q, l), a.Columns, l);
            q = Orthonormalize(a.Multiply(z, l), a.Rows, l);
        }

        // B = Q^T A = Z^T with Z = A^T Q (m x l). B B^T = Z^T Z = W diag(s^2) W^T.
        var zFinal = Matrix<double>.Build.DenseOfRowMajor(a.Columns, l, at.Multiply(q, l));
        var gram = zFinal.TransposeThisAndMultiply(zFinal);
        var evd = gram.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, l).OrderByDescending(j => evd.EigenValues[j].Real).Take(k).ToArray();
        var w = Matrix<double>.Build.Dense(l, k, (r, c) => evd.EigenVectors[r, order[c]]);
        var s = order.Select(j => Math.Sqrt(Math.Max(evd.EigenValues[j].Real, 0))).ToArray();

        var u = Matrix<double>.Build.DenseOfRowMajor(a.Rows, l, q) * w;              // n x k
        var v = zFinal * w;                                                            // m x k: B^T W, normalized by S below
        for (var c = 0; c < k; c++)
        {
            var inv = s[c] > 1e-12 ? 1 / s[c] : 0;
            for (var r = 0; r < a.Columns; r++) v[r, c] *= inv;
        }
        return new Result(k, u.ToRowMajorArray(), s, v.ToRowMajorArray());
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

    private static double[] Orthonormalize(double[] rowMajor, int rows, int columns)
    {
        var qr = Matrix<double>.Build.DenseOfRowMajor(rows, columns, rowMajor).QR(QRMethod.Thin);
        return qr.Q.ToRowMajorArray();
    }
}
