using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MovieRec.Engine.Text.Bert;

/// <summary>
/// A linear layer y = x W^T + b with W stored as PyTorch does ([out, in]). At load time W is
/// transposed and packed into panels of 16 output columns ([panel][in][16], zero-padded), so the
/// kernel streams one contiguous panel (in*64 bytes, L1-sized for in=384) while it broadcasts
/// inputs from 4 rows at once: 8 independent FMA accumulators per step.
/// </summary>
internal sealed class PackedLinear
{
    private const int PanelWidth = 16;
    private readonly float[] _panels;
    private readonly float[] _bias; // padded to a whole number of panels

    public int In { get; }
    public int Out { get; }
    private int PanelCount => (Out + PanelWidth - 1) / PanelWidth;

    /// <param name="weight">row-major [out, in]</param>
    public PackedLinear(float[] weight, float[] bias, int outFeatures, int inFeatures)
    {
        if (weight.Length != outFeatures * inFeatures || bias.Length != outFeatures)
            throw new ArgumentException("weight/bias sizes do not match the layer shape");
        In = inFeatures;
        Out = outFeatures;
        _panels = new float[PanelCount * inFeatures * PanelWidth];
        _bias = new float[PanelCount * PanelWidth];
        bias.CopyTo(_bias, 0);
        for (int o = 0; o < outFeatures; o++)
        {
            int panel = o / PanelWidth, lane = o % PanelWidth;
            for (int k = 0; k < inFeatures; k++)
                _panels[(panel * inFeatures + k) * PanelWidth + lane] = weight[o * inFeatures + k];
        }
    }

    /// <summary>y[rows, Out] = x[rows, In] W^T + b.</summary>
    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        if (x.Length < rows * In || y.Length < rows * Out) throw new ArgumentException("buffer too small");
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float wRef = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref float bRef = ref MemoryMarshal.GetArrayDataReference(_bias);
        Span<float> tail = stackalloc float[4 * PanelWidth];
        for (int p = 0; p < PanelCount; p++)
        {
            ref float panel = ref Unsafe.Add(ref wRef, p * In * PanelWidth);
            var b0 = Vector256.LoadUnsafe(ref bRef, (nuint)(p * PanelWidth));
            var b1 = Vector256.LoadUnsafe(ref bRef, (nuint)(p * PanelWidth + 8));
            int col = p * PanelWidth;
            bool fullPanel = col + PanelWidth <= Out;
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                Kernel4(ref Unsafe.Add(ref xRef, r * In), ref panel, b0, b1, tail);
                for (int i = 0; i < 4; i++) Store(tail.Slice(i * PanelWidth, PanelWidth), ref Unsafe.Add(ref yRef, (r + i) * Out + col), fullPanel);
            }
            for (; r < rows; r++)
            {
                Kernel1(ref Unsafe.Add(ref xRef, r * In), ref panel, b0, b1, tail);
                Store(tail[..PanelWidth], ref Unsafe.Add(ref yRef, r * Out + col), fullPanel);
            }
        }
    }

    private void Store(ReadOnlySpan<float> src, ref float dst, bool fullPanel)
    {
        int n = fullPanel ? PanelWidth : Out % PanelWidth;
        src[..n].CopyTo(MemoryMarshal.CreateSpan(ref dst, n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Kernel4(ref float x, ref float panel, Vector256<float> b0, Vector256<float> b1, Span<float> result)
    {
        var a00 = b0; var a01 = b1; var a10 = b0; var a11 = b1;
        var a20 = b0; var a21 = b1; var a30 = b0; var a31 = b1;
        int n = In;
        ref float x1 = ref Unsafe.Add(ref x, n);
        ref float x2 = ref Unsafe.Add(ref x, 2 * n);
        ref float x3 = ref Unsafe.Add(ref x, 3 * n);
        for (int k = 0; k < n; k++)
        {
            var w0 = Vector256.LoadUnsafe(ref panel, (nuint)(k * PanelWidth));
            var w1 = Vector256.LoadUnsafe(ref panel, (nuint)(k * PanelWidth + 8));
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            a00 = Vector256.FusedMultiplyAdd(v, w0, a00); a01 = Vector256.FusedMultiplyAdd(v, w1, a01);
            v = Vector256.Create(Unsafe.Add(ref x1, k));
            a10 = Vector256.FusedMultiplyAdd(v, w0, a10); a11 = Vector256.FusedMultiplyAdd(v, w1, a11);
            v = Vector256.Create(Unsafe.Add(ref x2, k));
            a20 = Vector256.FusedMultiplyAdd(v, w0, a20); a21 = Vector256.FusedMultiplyAdd(v, w1, a21);
            v = Vector256.Create(Unsafe.Add(ref x3, k));
            a30 = Vector256.FusedMultiplyAdd(v, w0, a30); a31 = Vector256.FusedMultiplyAdd(v, w1, a31);
        }
        ref float r = ref MemoryMarshal.GetReference(result);
        a00.StoreUnsafe(ref r, 0); a01.StoreUnsafe(ref r, 8);
        a10.StoreUnsafe(ref r, 16); a11.StoreUnsafe(ref r, 24);
        a20.StoreUnsafe(ref r, 32); a21.StoreUnsafe(ref r, 40);
        a30.StoreUnsafe(ref r, 48); a31.StoreUnsafe(ref r, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Kernel1(ref float x, ref float panel, Vector256<float> b0, Vector256<float> b1, Span<float> result)
    {
        var a0 = b0; var a1 = b1;
        for (int k = 0; k < In; k++)
        {
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            a0 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref panel, (nuint)(k * PanelWidth)), a0);
            a1 = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref panel, (nuint)(k * PanelWidth + 8)), a1);
        }
        ref float r = ref MemoryMarshal.GetReference(result);
        a0.StoreUnsafe(ref r, 0); a1.StoreUnsafe(ref r, 8);
    }
}
