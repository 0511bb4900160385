using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Dot-product kernels over row-major float matrices. Every kernel sums each (query, row) pair in the
/// same order (one 8-lane FMA accumulator, lane sum, scalar tail), so single, 1x4 and 4x3 results are
/// bit-identical: a batched search returns exactly what one-at-a-time search and HNSW return.
/// 256-bit vectors because that is what AVX2 machines (the development machine among them) accelerate;
/// the 4x3 tile keeps 12 accumulators in registers (more than the FMA latency x 2 pipes needs) and
/// loads 7 vectors per 12 FMAs, so the blocked query x row product runs near the FMA peak.
/// </summary>
internal static class DotKernels
{
    private const int Lanes = 8;
    private static readonly bool Simd = Vector256.IsHardwareAccelerated;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Lengths differ.");
        return Dot(ref Unsafe.AsRef(in a[0]), ref Unsafe.AsRef(in b[0]), a.Length);
    }

    public static float Dot(ref float a, ref float b, int dim)
    {
        var full = Simd ? dim & ~(Lanes - 1) : 0;
        var acc = Vector256<float>.Zero;
        for (nuint i = 0; i < (nuint)full; i += Lanes)
            acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i), acc);
        return Finish(acc, ref a, ref b, full, dim);
    }

    /// <summary>
    /// The same product summed in four chains: a quarter of the FMA latency of <see cref="Dot"/>, which
    /// dominates one-pair products, but not bit-identical to it. For HNSW graph walks only.
    /// </summary>
    public static float DotFast(ref float a, ref float b, int dim)
    {
        if (!Simd || (dim & (4 * Lanes - 1)) != 0) return Dot(ref a, ref b, dim);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < (nuint)dim; i += 4 * Lanes)
        {
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i), a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + Lanes), Vector256.LoadUnsafe(ref b, i + Lanes), a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 2 * Lanes), Vector256.LoadUnsafe(ref b, i + 2 * Lanes), a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 3 * Lanes), Vector256.LoadUnsafe(ref b, i + 3 * Lanes), a3);
        }
        return Vector256.Sum(a0 + a1 + (a2 + a3));
    }

    /// <summary>One query against rows r, r+1, r+2, r+3 (rows are <paramref name="dim"/> apart).</summary>
    public static void Dot1x4(ref float q, ref float r, int dim, Span<float> out4)
    {
        if (!Tiled(dim))
        {
            for (var j = 0; j < 4; j++) out4[j] = Dot(ref q, ref Unsafe.Add(ref r, j * dim), dim);
            return;
        }
        var s = (nuint)dim;
        ref var r1 = ref Unsafe.Add(ref r, dim);
        ref var r2 = ref Unsafe.Add(ref r, 2 * dim);
        ref var r3 = ref Unsafe.Add(ref r, 3 * dim);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < s; i += Lanes)
        {
            var x = Vector256.LoadUnsafe(ref q, i);
            a0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref r, i), a0);
            a1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref r1, i), a1);
            a2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref r2, i), a2);
            a3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref r3, i), a3);
        }
        out4[0] = Vector256.Sum(a0);
        out4[1] = Vector256.Sum(a1);
        out4[2] = Vector256.Sum(a2);
        out4[3] = Vector256.Sum(a3);
    }

    /// <summary>Queries q..q+3 against rows r..r+2; writes output[qi * outStride + ri].</summary>
    public static void Dot4x3(ref float q, ref float r, int dim, ref float output, int outStride)
    {
        if (!Tiled(dim))
        {
            for (var qi = 0; qi < 4; qi++)
                for (var ri = 0; ri < 3; ri++)
                    Unsafe.Add(ref output, qi * outStride + ri) = Dot(ref Unsafe.Add(ref q, qi * dim), ref Unsafe.Add(ref r, ri * dim), dim);
            return;
        }
        var s = (nuint)dim;
        // One ref per row and query: plain [base + 4*i] loads, no address arithmetic in the loop.
        ref var r1 = ref Unsafe.Add(ref r, dim);
        ref var r2 = ref Unsafe.Add(ref r, 2 * dim);
        ref var q1 = ref Unsafe.Add(ref q, dim);
        ref var q2 = ref Unsafe.Add(ref q, 2 * dim);
        ref var q3 = ref Unsafe.Add(ref q, 3 * dim);
        Vector256<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        for (nuint i = 0; i < s; i += Lanes)
        {
            var x0 = Vector256.LoadUnsafe(ref r, i);
            var x1 = Vector256.LoadUnsafe(ref r1, i);
            var x2 = Vector256.LoadUnsafe(ref r2, i);
            var y = Vector256.LoadUnsafe(ref q, i);
            c00 = Vector256.FusedMultiplyAdd(y, x0, c00);
            c01 = Vector256.FusedMultiplyAdd(y, x1, c01);
            c02 = Vector256.FusedMultiplyAdd(y, x2, c02);
            y = Vector256.LoadUnsafe(ref q1, i);
            c10 = Vector256.FusedMultiplyAdd(y, x0, c10);
            c11 = Vector256.FusedMultiplyAdd(y, x1, c11);
            c12 = Vector256.FusedMultiplyAdd(y, x2, c12);
            y = Vector256.LoadUnsafe(ref q2, i);
            c20 = Vector256.FusedMultiplyAdd(y, x0, c20);
            c21 = Vector256.FusedMultiplyAdd(y, x1, c21);
            c22 = Vector256.FusedMultiplyAdd(y, x2, c22);
            y = Vector256.LoadUnsafe(ref q3, i);
            c30 = Vector256.FusedMultiplyAdd(y, x0, c30);
            c31 = Vector256.FusedMultiplyAdd(y, x1, c31);
            c32 = Vector256.FusedMultiplyAdd(y, x2, c32);
        }
        Unsafe.Add(ref output, 0) = Vector256.Sum(c00);
        Unsafe.Add(ref output, 1) = Vector256.Sum(c01);
        Unsafe.Add(ref output, 2) = Vector256.Sum(c02);
        Unsafe.Add(ref output, outStride) = Vector256.Sum(c10);
        Unsafe.Add(ref output, outStride + 1) = Vector256.Sum(c11);
        Unsafe.Add(ref output, outStride + 2) = Vector256.Sum(c12);
        Unsafe.Add(ref output, 2 * outStride) = Vector256.Sum(c20);
        Unsafe.Add(ref output, 2 * outStride + 1) = Vector256.Sum(c21);
        Unsafe.Add(ref output, 2 * outStride + 2) = Vector256.Sum(c22);
        Unsafe.Add(ref output, 3 * outStride) = Vector256.Sum(c30);
        Unsafe.Add(ref output, 3 * outStride + 1) = Vector256.Sum(c31);
        Unsafe.Add(ref output, 3 * outStride + 2) = Vector256.Sum(c32);
    }

    // The tiles handle whole 8-float chunks only: no call (tail loop) may follow their loop, or the JIT
    // spills the accumulators on every iteration (vector registers do not survive calls on Unix).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Tiled(int dim) => Simd && (dim & (Lanes - 1)) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(Vector256<float> acc, ref float a, ref float b, int full, int dim)
    {
        var sum = Vector256.Sum(acc);
        return full == dim ? sum : Tail(ref a, ref b, full, dim, sum);
    }

    private static float Tail(ref float a, ref float b, int from, int dim, float sum)
    {
        for (var j = from; j < dim; j++) sum += Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        return sum;
    }
}
