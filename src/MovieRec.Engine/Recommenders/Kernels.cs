using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace MovieRec.Engine.Recommenders;

/// <summary>Small numeric kernels shared by the models (SIMD via Vector&lt;T&gt; and TensorPrimitives).</summary>
internal static class Kernels
{
    /// <summary>Simultaneous SGD step on two n-vectors given by refs: p += lr (e q - reg p), q += lr (e p_old - reg q).
    /// Refs instead of span slices: this runs once per rating per epoch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    public static void SgdPair(ref float p0, ref float q0, int n, float err, float lr, float reg)
    {
        var f = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vLr = new Vector<float>(lr);
            var vErr = new Vector<float>(err);
            var vReg = new Vector<float>(reg);
            for (; f <= n - Vector<float>.Count; f += Vector<float>.Count)
            {
                var pv = Vector.LoadUnsafe(ref p0, (nuint)f);
                var qv = Vector.LoadUnsafe(ref q0, (nuint)f);
                (pv + vLr * (vErr * qv - vReg * pv)).StoreUnsafe(ref p0, (nuint)f);
                (qv + vLr * (vErr * pv - vReg * qv)).StoreUnsafe(ref q0, (nuint)f);
            }
        }
        for (; f < n; f++)
        {
            var pf = Unsafe.Add(ref p0, f);
            var qf = Unsafe.Add(ref q0, f);
            Unsafe.Add(ref p0, f) = pf + lr * (err * qf - reg * pf);
            Unsafe.Add(ref q0, f) = qf + lr * (err * pf - reg * qf);
        }
    }

    /// <summary>Dot product of two n-vectors given by refs (no span slicing in the SGD loops).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    public static float Dot(ref float a, ref float b, int n)
    {
        var f = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            // two accumulators: the adds of one chain wait on each other, two chains overlap
            Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero;
            for (; f <= n - 2 * Vector<float>.Count; f += 2 * Vector<float>.Count)
            {
                acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)f), Vector.LoadUnsafe(ref b, (nuint)f), acc0);
                acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)(f + Vector<float>.Count)), Vector.LoadUnsafe(ref b, (nuint)(f + Vector<float>.Count)), acc1);
            }
            for (; f <= n - Vector<float>.Count; f += Vector<float>.Count)
                acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref a, (nuint)f), Vector.LoadUnsafe(ref b, (nuint)f), acc0);
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; f < n; f++) sum += Unsafe.Add(ref a, f) * Unsafe.Add(ref b, f);
        return sum;
    }

    /// <summary>Fills with normal(mean, std) draws, deterministic for the generator's state: Box-Muller on both halves of
    /// a pair, vectorized, in chunks with seeds drawn from <paramref name="rng"/>, filled in parallel (model initialization
    /// draws a million values, and scalar log/cos per value cost as much as training).</summary>
    public static void FillNormal(float[] a, Random rng, float mean, float std)
    {
        const int chunk = 1 << 16;
        var seed = rng.Next();
        var chunks = (a.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            var start = c * chunk;
            FillNormalChunk(a.AsSpan(start, Math.Min(chunk, a.Length - start)), new Random(Seed(seed, c)), mean, std);
        });
    }

    private static void FillNormalChunk(Span<float> a, Random rng, float mean, float std)
    {
        var half = (a.Length + 1) / 2;
        var radius = new float[half];
        var angle = new float[half];
        for (var k = 0; k < half; k++)
        {
            radius[k] = 1f - rng.NextSingle(); // in (0, 1]: log is finite
            angle[k] = rng.NextSingle();
        }
        TensorPrimitives.Log(radius, radius);
        TensorPrimitives.Multiply(radius, -2f, radius);
        TensorPrimitives.Sqrt(radius, radius);
        TensorPrimitives.Multiply(angle, 2 * MathF.PI, angle);
        var sin = new float[half];
        var cos = new float[half];
        TensorPrimitives.SinCos(angle, sin, cos);
        TensorPrimitives.Multiply(radius, std, radius);
        TensorPrimitives.MultiplyAdd(cos, radius, mean, a[..half]);
        TensorPrimitives.MultiplyAdd(sin.AsSpan(0, a.Length - half), radius.AsSpan(0, a.Length - half), mean, a[half..]);
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
