using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Vectors;

/// <summary>
/// Dot-product kernels over row-major float matrices. Every kernel sums each (query, row) pair in the
/// same order (16-lane FMA accumulator, lane sum, scalar tail), so single, 1x4 and 4x4 results are
/// bit-identical: a batched search returns exactly what one-at-a-time search returns.
/// The 4x4 kernel keeps 16 accumulators in registers and loads 8 vectors per 16 FMAs, which is what
/// makes the blocked query x row product reach BLAS-like throughput.
/// </summary>
internal static class DotKernels
{
    private const int Lanes = 16;
    private static readonly bool Wide = Vector512.IsHardwareAccelerated;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Lengths differ.");
        return Dot(ref Unsafe.AsRef(in a[0]), ref Unsafe.AsRef(in b[0]), a.Length);
    }

    public static float Dot(ref float a, ref float b, int dim)
    {
        var full = Wide ? dim & ~(Lanes - 1) : 0;
        var acc = Vector512<float>.Zero;
        for (nuint i = 0; i < (nuint)full; i += Lanes)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i), acc);
        var sum = Vector512.Sum(acc);
        if (full == dim) return sum;
        return Tail(ref a, ref b, full, dim, sum);
    }

    /// <summary>One query against rows r, r+1, r+2, r+3 (rows are <paramref name="dim"/> apart).</summary>
    public static void Dot1x4(ref float q, ref float r, int dim, Span<float> out4)
    {
        if (!Wide)
        {
            for (var j = 0; j < 4; j++) out4[j] = Dot(ref q, ref Unsafe.Add(ref r, j * dim), dim);
            return;
        }
        var full = dim & ~(Lanes - 1);
        var s = (nuint)dim;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i < (nuint)full; i += Lanes)
        {
            var x = Vector512.LoadUnsafe(ref q, i);
            a0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r, i), a0);
            a1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r, i + s), a1);
            a2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r, i + 2 * s), a2);
            a3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref r, i + 3 * s), a3);
        }
        out4[0] = Finish(a0, ref q, ref r, full, dim);
        out4[1] = Finish(a1, ref q, ref Unsafe.Add(ref r, dim), full, dim);
        out4[2] = Finish(a2, ref q, ref Unsafe.Add(ref r, 2 * dim), full, dim);
        out4[3] = Finish(a3, ref q, ref Unsafe.Add(ref r, 3 * dim), full, dim);
    }

    /// <summary>
    /// Queries q..q+3 against rows r..r+3 (both with stride <paramref name="dim"/>); writes
    /// out[qi * outStride + ri].
    /// </summary>
    public static void Dot4x4(ref float q, ref float r, int dim, ref float output, int outStride)
    {
        if (!Wide)
        {
            for (var qi = 0; qi < 4; qi++)
                for (var ri = 0; ri < 4; ri++)
                    Unsafe.Add(ref output, qi * outStride + ri) = Dot(ref Unsafe.Add(ref q, qi * dim), ref Unsafe.Add(ref r, ri * dim), dim);
            return;
        }
        var full = dim & ~(Lanes - 1);
        var s = (nuint)dim;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        for (nuint i = 0; i < (nuint)full; i += Lanes)
        {
            var x0 = Vector512.LoadUnsafe(ref r, i);
            var x1 = Vector512.LoadUnsafe(ref r, i + s);
            var x2 = Vector512.LoadUnsafe(ref r, i + 2 * s);
            var x3 = Vector512.LoadUnsafe(ref r, i + 3 * s);
            var y = Vector512.LoadUnsafe(ref q, i);
            c00 = Vector512.FusedMultiplyAdd(y, x0, c00);
            c01 = Vector512.FusedMultiplyAdd(y, x1, c01);
            c02 = Vector512.FusedMultiplyAdd(y, x2, c02);
            c03 = Vector512.FusedMultiplyAdd(y, x3, c03);
            y = Vector512.LoadUnsafe(ref q, i + s);
            c10 = Vector512.FusedMultiplyAdd(y, x0, c10);
            c11 = Vector512.FusedMultiplyAdd(y, x1, c11);
            c12 = Vector512.FusedMultiplyAdd(y, x2, c12);
            c13 = Vector512.FusedMultiplyAdd(y, x3, c13);
            y = Vector512.LoadUnsafe(ref q, i + 2 * s);
            c20 = Vector512.FusedMultiplyAdd(y, x0, c20);
            c21 = Vector512.FusedMultiplyAdd(y, x1, c21);
            c22 = Vector512.FusedMultiplyAdd(y, x2, c22);
            c23 = Vector512.FusedMultiplyAdd(y, x3, c23);
            y = Vector512.LoadUnsafe(ref q, i + 3 * s);
            c30 = Vector512.FusedMultiplyAdd(y, x0, c30);
            c31 = Vector512.FusedMultiplyAdd(y, x1, c31);
            c32 = Vector512.FusedMultiplyAdd(y, x2, c32);
            c33 = Vector512.FusedMultiplyAdd(y, x3, c33);
        }
        Store(ref output, outStride, 0, ref q, ref r, full, dim, c00, c01, c02, c03);
        Store(ref output, outStride, 1, ref q, ref r, full, dim, c10, c11, c12, c13);
        Store(ref output, outStride, 2, ref q, ref r, full, dim, c20, c21, c22, c23);
        Store(ref output, outStride, 3, ref q, ref r, full, dim, c30, c31, c32, c33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float output, int outStride, int qi, ref float q, ref float r, int full, int dim,
        Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3)
    {
        ref var qRow = ref Unsafe.Add(ref q, qi * dim);
        ref var o = ref Unsafe.Add(ref output, qi * outStride);
        o = Finish(c0, ref qRow, ref r, full, dim);
        Unsafe.Add(ref o, 1) = Finish(c1, ref qRow, ref Unsafe.Add(ref r, dim), full, dim);
        Unsafe.Add(ref o, 2) = Finish(c2, ref qRow, ref Unsafe.Add(ref r, 2 * dim), full, dim);
        Unsafe.Add(ref o, 3) = Finish(c3, ref qRow, ref Unsafe.Add(ref r, 3 * dim), full, dim);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(Vector512<float> acc, ref float a, ref float b, int full, int dim)
    {
        var sum = Vector512.Sum(acc);
        return full == dim ? sum : Tail(ref a, ref b, full, dim, sum);
    }

    private static float Tail(ref float a, ref float b, int from, int dim, float sum)
    {
        for (var j = from; j < dim; j++) sum += Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        return sum;
    }
}
