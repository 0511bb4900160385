using System.Numerics.Tensors;

namespace MovieRec.Engine.Text.Bert;

/// <summary>
/// GELU in its exact form x/2 (1 + erf(x/sqrt 2)), as Hugging Face "gelu". erf uses Abramowitz and
/// Stegun 7.1.26 (absolute error below 1.5e-7), evaluated in vectorized passes over blocks.
/// </summary>
internal static class Gelu
{
    private const float P = 0.3275911f;
    private const float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    private const int Block = 256;

    public static void Apply(Span<float> x)
    {
        Span<float> z = stackalloc float[Block];
        Span<float> t = stackalloc float[Block];
        Span<float> e = stackalloc float[Block];
        Span<float> p = stackalloc float[Block];
        for (int start = 0; start < x.Length; start += Block)
        {
            var v = x.Slice(start, Math.Min(Block, x.Length - start));
            int n = v.Length;
            var zs = z[..n]; var ts = t[..n]; var es = e[..n];
            TensorPrimitives.Multiply(v, 1f / MathF.Sqrt(2f), zs);           // z = x / sqrt 2
            TensorPrimitives.Abs(zs, es);                                      // e = |z|
            TensorPrimitives.Multiply(es, P, ts);                              // t = 1 / (1 + p|z|)
            TensorPrimitives.Add(ts, 1f, ts);
            TensorPrimitives.Reciprocal(ts, ts);
            TensorPrimitives.Multiply(es, es, es);                             // e = exp(-z^2)
            TensorPrimitives.Negate(es, es);
            TensorPrimitives.Exp(es, es);
            var poly = p[..n];                                                 // Horner in t
            TensorPrimitives.Multiply(ts, A5, poly);
            TensorPrimitives.Add(poly, A4, poly);
            TensorPrimitives.MultiplyAdd(poly, ts, A3, poly);
            TensorPrimitives.MultiplyAdd(poly, ts, A2, poly);
            TensorPrimitives.MultiplyAdd(poly, ts, A1, poly);
            TensorPrimitives.Multiply(poly, ts, poly);
            TensorPrimitives.Multiply(poly, es, poly);                         // poly*exp(-z^2) = 1 - erf(|z|)
            TensorPrimitives.Negate(poly, poly);
            TensorPrimitives.Add(poly, 1f, poly);                              // erf(|z|)
            TensorPrimitives.CopySign(poly, zs, poly);                         // erf(z)
            TensorPrimitives.Add(poly, 1f, poly);
            TensorPrimitives.Multiply(v, poly, v);
            TensorPrimitives.Multiply(v, 0.5f, v);
        }
    }
}
