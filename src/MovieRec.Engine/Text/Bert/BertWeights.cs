namespace MovieRec.Engine.Text.Bert;

/// <summary>The weights of one transformer layer, linear layers packed for the SIMD kernel.</summary>
internal sealed record BertLayerWeights(
    PackedLinear QueryKeyValue, // [3H, H]: query, key and value fused into one product
    PackedLinear AttentionOutput,
    float[] AttentionNormGamma, float[] AttentionNormBeta,
    PackedLinear Intermediate,
    PackedLinear Output,
    float[] OutputNormGamma, float[] OutputNormBeta);

/// <summary>All weights of a BERT encoder (the pooler is not used by sentence-transformers).</summary>
internal sealed record BertWeights(
    float[] WordEmbeddings, float[] PositionEmbeddings, float[] TokenTypeEmbeddings,
    float[] EmbeddingNormGamma, float[] EmbeddingNormBeta,
    IReadOnlyList<BertLayerWeights> Layers)
{
    /// <summary>Reads the Hugging Face tensor names, with or without the "bert." prefix.</summary>
    public static BertWeights Read(SafeTensorsFile file, BertConfig c)
    {
        var prefix = file.Contains("embeddings.word_embeddings.weight") ? "" : file.Contains("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        float[] T(string name, params int[] shape) => file.ReadFloats(prefix + name, shape);
        float[] Norm(string name, string fallback) =>
            file.Contains(prefix + name) ? T(name, c.HiddenSize) : T(fallback, c.HiddenSize); // older checkpoints: gamma/beta
        int h = c.HiddenSize, i = c.IntermediateSize;
        PackedLinear Linear(string name, int outF, int inF) => new(T(name + ".weight", outF, inF), T(name + ".bias", outF), outF, inF);

        var layers = new List<BertLayerWeights>();
        for (int l = 0; l < c.NumLayers; l++)
        {
            var p = $"encoder.layer.{l}.";
            var q = T(p + "attention.self.query.weight", h, h);
            var k = T(p + "attention.self.key.weight", h, h);
            var v = T(p + "attention.self.value.weight", h, h);
            var qkvBias = T(p + "attention.self.query.bias", h).Concat(T(p + "attention.self.key.bias", h)).Concat(T(p + "attention.self.value.bias", h)).ToArray();
            layers.Add(new BertLayerWeights(
                new PackedLinear(q.Concat(k).Concat(v).ToArray(), qkvBias, 3 * h, h),
                Linear(p + "attention.output.dense", h, h),
                Norm(p + "attention.output.LayerNorm.weight", p + "attention.output.LayerNorm.gamma"),
                Norm(p + "attention.output.LayerNorm.bias", p + "attention.output.LayerNorm.beta"),
                Linear(p + "intermediate.dense", i, h),
                Linear(p + "output.dense", h, i),
                Norm(p + "output.LayerNorm.weight", p + "output.LayerNorm.gamma"),
                Norm(p + "output.LayerNorm.bias", p + "output.LayerNorm.beta")));
        }
        return new BertWeights(
            T("embeddings.word_embeddings.weight", c.VocabSize, h),
            T("embeddings.position_embeddings.weight", c.MaxPositionEmbeddings, h),
            T("embeddings.token_type_embeddings.weight", c.TypeVocabSize, h),
            Norm("embeddings.LayerNorm.weight", "embeddings.LayerNorm.gamma"),
            Norm("embeddings.LayerNorm.bias", "embeddings.LayerNorm.beta"),
            layers);
    }

    /// <summary>Random weights of a given size (benchmarks): N(0, 0.02) as BERT initializes, unit norms.</summary>
    public static BertWeights Random(BertConfig c, int seed)
    {
        var rng = new System.Random(seed);
        float[] R(int n) { var a = new float[n]; for (int j = 0; j < n; j++) a[j] = (float)((rng.NextDouble() * 2 - 1) * 0.035); return a; }
        float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();
        int h = c.HiddenSize, i = c.IntermediateSize;
        var layers = Enumerable.Range(0, c.NumLayers).Select(_ => new BertLayerWeights(
            new PackedLinear(R(3 * h * h), R(3 * h), 3 * h, h), new PackedLinear(R(h * h), R(h), h, h),
            Ones(h), new float[h],
            new PackedLinear(R(i * h), R(i), i, h), new PackedLinear(R(h * i), R(h), h, i),
            Ones(h), new float[h])).ToList();
        return new BertWeights(R(c.VocabSize * h), R(c.MaxPositionEmbeddings * h), R(c.TypeVocabSize * h), Ones(h), new float[h], layers);
    }
}
