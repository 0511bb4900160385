using Microsoft.Extensions.AI;
using MovieRec.Engine.Vectors;

namespace MovieRec.Engine.Hybrid;

/// <summary>The content half: movie vectors in an index, and the embedder that puts queries in the same space.</summary>
public sealed class ContentIndex(IEmbeddingGenerator<string, Embedding<float>> embedder, IVectorIndex index)
{
    public IVectorIndex Index { get; } = index;

    public async Task<float[]?> EmbedAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var result = await embedder.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        var vector = result[0].Vector.ToArray();
        return Normalize(vector) ? vector : null;
    }

    /// <summary>The normalized mean of the given movies' vectors (a taste vector), or null when none has a vector.</summary>
    public float[]? Centroid(IEnumerable<int> movieIds, IReadOnlyDictionary<int, float>? weights = null)
    {
        float[]? sum = null;
        foreach (var id in movieIds)
        {
            var v = Index.GetVector(id);
            if (v.IsEmpty) continue;
            sum ??= new float[v.Length];
            var w = weights is not null && weights.TryGetValue(id, out var x) ? x : 1f;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(v, w, sum, sum);
        }
        return sum is not null && Normalize(sum) ? sum : null;
    }

    /// <summary>Adds the second vector to the first with a weight, then normalizes (a query blended with a taste vector).</summary>
    public static float[] Blend(float[] first, float[] second, float secondWeight)
    {
        var result = new float[first.Length];
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(second, secondWeight, first, result);
        Normalize(result);
        return result;
    }

    private static bool Normalize(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (!(norm > 0) || float.IsNaN(norm)) return false;
        System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return true;
    }
}
