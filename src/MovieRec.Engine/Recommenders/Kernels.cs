using System.Numerics;
using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>Small numeric kernels shared by the models (SIMD via Vector&lt;T&gt; and TensorPrimitives).</summary>
internal static class Kernels
{
    /// <summary>Simultaneous SGD step on two factor vectors: p += lr (e q - reg p), q += lr (e p_old - reg q).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void SgdPair(Span<float> p, Span<float> q, float err, float lr, float reg)
    {
        var n = p.Length;
        var f = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vLr = new Vector<float>(lr);
            var vErr = new Vector<float>(err);
            var vReg = new Vector<float>(reg);
            for (; f <= n - Vector<float>.Count; f += Vector<float>.Count)
            {
                var pv = new Vector<float>(p[f..]);
                var qv = new Vector<float>(q[f..]);
                (pv + vLr * (vErr * qv - vReg * pv)).CopyTo(p[f..]);
                (qv + vLr * (vErr * pv - vReg * qv)).CopyTo(q[f..]);
            }
        }
        for (; f < n; f++)
        {
            var pf = p[f];
            var qf = q[f];
            p[f] = pf + lr * (err * qf - reg * pf);
            q[f] = qf + lr * (err * pf - reg * qf);
        }
    }

    /// <summary>Fills with normal(mean, std) draws from a seeded generator (Box-Muller).</summary>
    public static void FillNormal(Span<float> a, Random rng, float mean, float std)
    {
        for (var k = 0; k < a.Length; k++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            a[k] = mean + std * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    /// <summary>A deterministic seed from several integers (HashCode.Combine is randomized per process).</summary>
    public static int Seed(int a, int b, int c = 0, int d = 0)
    {
        unchecked
        {
            var h = (uint)a * 2654435761u;
            h = (h ^ (uint)b) * 2246822519u;
            h = (h ^ (uint)c) * 3266489917u;
            h = (h ^ (uint)d) * 668265263u;
            return (int)(h ^ (h >> 15)) & int.MaxValue;
        }
    }

    public static void Shuffle<T>(Span<T> a, Random rng)
    {
        for (var k = a.Length - 1; k > 0; k--)
        {
            var j = rng.Next(k + 1);
            (a[k], a[j]) = (a[j], a[k]);
        }
    }

    /// <summary>scores[i] = bias[i] + dot(x, Q_i) for every row of the flat row-major matrix Q (F columns).</summary>
    public static void ScoreAll(ReadOnlySpan<float> x, float[] q, int factors, ReadOnlySpan<float> bias, float offset, Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++)
            scores[i] = offset + (bias.IsEmpty ? 0 : bias[i]) + TensorPrimitives.Dot(x, q.AsSpan(i * factors, factors));
    }

    /// <summary>Solves the small SPD system A x = b in place (Cholesky, doubles). A is n*n row-major and is overwritten.</summary>
    public static void SolveSpd(double[] a, double[] b, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var d = a[j * n + j];
            for (var k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (d <= 0) d = 1e-9;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i * n + j];
                for (var k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / d;
            }
        }
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= a[i * n + k] * b[k];
            b[i] = s / a[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++) s -= a[k * n + i] * b[k];
            b[i] = s / a[i * n + i];
        }
    }

    /// <summary>Ridge fold-in: x = argmin sum_j (t_j - q_j . x)^2 + lambda |x|^2 over the given rows of Q.</summary>
    public static float[] RidgeFoldIn(float[] q, int factors, IReadOnlyList<(int Item, float Target)> rows, double lambda)
    {
        var a = new double[factors * factors];
        var b = new double[factors];
        foreach (var (item, t) in rows)
        {
            var qi = q.AsSpan(item * factors, factors);
            for (var f = 0; f < factors; f++)
            {
                b[f] += t * qi[f];
                for (var g = 0; g < factors; g++) a[f * factors + g] += (double)qi[f] * qi[g];
            }
        }
        for (var f = 0; f < factors; f++) a[f * factors + f] += lambda;
        SolveSpd(a, b, factors);
        return b.Select(v => (float)v).ToArray();
    }
}
