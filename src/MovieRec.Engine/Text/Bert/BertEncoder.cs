using System.Buffers;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MovieRec.Engine.Text.Bert;

/// <summary>
/// A BERT / MiniLM sentence encoder in plain C#: loads a sentence-transformers folder (config.json,
/// vocab.txt, model.safetensors, 1_Pooling/config.json, optional tokenizer_config.json,
/// sentence_bert_config.json, modules.json) and returns pooled, optionally L2-normalized vectors.
/// The forward pass matches Hugging Face BertModel: embeddings + LayerNorm, then per layer
/// multi-head self-attention and an exact-erf GELU feed-forward, each with residual + LayerNorm.
/// Sentences of a batch are packed without padding: matrix products run over all tokens at once,
/// attention stays within each sentence (the same result as a padded batch with an attention mask).
/// </summary>
public sealed class BertEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly BertWeights _weights;
    private readonly BertEncoderOptions _options;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public BertConfig Config { get; }
    public WordPieceTokenizer Tokenizer { get; }
    public BertPooling Pooling { get; }
    public bool Normalize { get; }
    /// <summary>Name plus a fingerprint of the model files; changes when the weights change (cache key).</summary>
    public string ModelId { get; }
    public int Dimensions => Config.HiddenSize;

    private BertEncoder(BertConfig config, BertWeights weights, WordPieceTokenizer tokenizer, BertPooling pooling,
        bool normalize, string modelId, BertEncoderOptions? options)
    {
        Config = config;
        _weights = weights;
        Tokenizer = tokenizer;
        Pooling = pooling;
        Normalize = normalize;
        ModelId = modelId;
        _options = options ?? new BertEncoderOptions();
        _metadata = new EmbeddingGeneratorMetadata("movierec-bert", null, modelId, config.HiddenSize);
    }

    /// <summary>
    /// Loads a sentence-transformers model folder. Throws <see cref="ModelLoadException"/> naming a missing or corrupt file;
    /// a missing optional file takes its default (<paramref name="logger"/> is warned of a missing pooling config).
    /// </summary>
    public static BertEncoder Load(string folder, BertEncoderOptions? options = null, ILogger? logger = null)
    {
        if (!Directory.Exists(folder)) throw new ModelLoadException(folder, "model folder not found");
        var config = BertConfig.Load(Path.Combine(folder, "config.json"));
        var maxLength = Math.Min(ReadMaxSeqLength(folder) ?? 512, config.MaxPositionEmbeddings);
        var tokenizer = WordPieceTokenizer.Load(folder, maxLength);
        if (tokenizer.VocabSize != config.VocabSize)
            throw new ModelLoadException("vocab.txt", $"has {tokenizer.VocabSize} tokens but config.json says vocab_size {config.VocabSize}");
        var weightsPath = Path.Combine(folder, "model.safetensors");
        var file = SafeTensorsFile.Load(weightsPath);
        var weights = BertWeights.Read(file, config);
        var pooling = ReadPooling(folder, logger);
        var normalize = ReadNormalize(folder);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        return new BertEncoder(config, weights, tokenizer, pooling, normalize, $"{name}@{Fingerprint(folder)}", options);
    }

    /// <summary>An encoder with random weights of the given size (benchmarks); its vocabulary is synthetic.</summary>
    public static BertEncoder CreateRandom(BertConfig config, int seed = 1, BertEncoderOptions? options = null)
    {
        var vocab = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        for (int i = vocab.Count; i < config.VocabSize; i++) vocab.Add("w" + i);
        var tokenizer = new WordPieceTokenizer(vocab, true, Math.Min(512, config.MaxPositionEmbeddings));
        return new BertEncoder(config, BertWeights.Random(config, seed), tokenizer, BertPooling.Mean, true, $"random-{seed}", options);
    }

    /// <summary>The sentence vector of one text.</summary>
    public float[] Embed(string text) => EmbedIds([Tokenizer.Encode(text)])[0];

    /// <summary>Sentence vectors of several texts, encoded in parallel chunks.</summary>
    public float[][] Embed(IReadOnlyList<string> texts) => EmbedIds(texts.Select(Tokenizer.Encode).ToList());

    /// <summary>Sentence vectors from token ids (each starting with [CLS] and ending with [SEP]).</summary>
    public float[][] EmbedIds(IReadOnlyList<int[]> sequences)
    {
        var results = new float[sequences.Count][];
        // longest first, so chunks have similar lengths and the last chunks scheduled are the short ones
        var order = Enumerable.Range(0, sequences.Count).OrderByDescending(i => sequences[i].Length).ToArray();
        int chunkSize = Math.Max(1, _options.SentencesPerChunk);
        var chunks = order.Chunk(chunkSize).ToArray();
        Parallel.For(0, chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxDegreeOfParallelism) }, c =>
        {
            var chunk = chunks[c];
            var seqs = chunk.Select(i => sequences[i]).ToArray();
            var hidden = ForwardHidden(seqs, out var starts);
            for (int s = 0; s < chunk.Length; s++)
                results[chunk[s]] = Pool(hidden, starts[s], seqs[s].Length);
        });
        return results;
    }

    /// <summary>The last hidden state of every token of a text ([CLS] and [SEP] included), one row per token.</summary>
    public float[][] TokenEmbeddings(string text)
    {
        var ids = Tokenizer.Encode(text);
        var hidden = ForwardHidden([ids], out _);
        int h = Config.HiddenSize;
        return Enumerable.Range(0, ids.Length).Select(t => hidden.AsSpan(t * h, h).ToArray()).ToArray();
    }

    private float[] Pool(float[] hidden, int start, int length)
    {
        int h = Config.HiddenSize;
        var vector = new float[h];
        if (Pooling == BertPooling.Cls) hidden.AsSpan(start * h, h).CopyTo(vector);
        else
        {
            for (int t = 0; t < length; t++) TensorPrimitives.Add(vector, hidden.AsSpan((start + t) * h, h), vector);
            TensorPrimitives.Multiply(vector, 1f / length, vector);
        }
        if (Normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Multiply(vector, 1f / Math.Max(norm, 1e-12f), vector); // F.normalize's eps
        }
        return vector;
    }

    /// <summary>The encoder on a packed batch: returns [tokens, hidden] and each sequence's first row.</summary>
    private float[] ForwardHidden(IReadOnlyList<int[]> sequences, out int[] starts)
    {
        var c = Config;
        int h = c.HiddenSize;
        starts = new int[sequences.Count];
        int n = 0;
        for (int s = 0; s < sequences.Count; s++)
        {
            if (sequences[s].Length > c.MaxPositionEmbeddings)
                throw new ArgumentException($"sequence of {sequences[s].Length} tokens exceeds max_position_embeddings {c.MaxPositionEmbeddings}");
            starts[s] = n;
            n += sequences[s].Length;
        }

        var hidden = new float[n * h];
        for (int s = 0; s < sequences.Count; s++)
        {
            var ids = sequences[s];
            for (int t = 0; t < ids.Length; t++)
            {
                if ((uint)ids[t] >= (uint)c.VocabSize) throw new ArgumentException($"token id {ids[t]} is outside the vocabulary");
                var row = hidden.AsSpan((starts[s] + t) * h, h);
                TensorPrimitives.Add(_weights.WordEmbeddings.AsSpan(ids[t] * h, h), _weights.PositionEmbeddings.AsSpan(t * h, h), row);
                TensorPrimitives.Add(row, _weights.TokenTypeEmbeddings.AsSpan(0, h), row);
            }
        }
        LayerNorm(hidden, n, _weights.EmbeddingNormGamma, _weights.EmbeddingNormBeta);

        var pool = ArrayPool<float>.Shared;
        var qkv = pool.Rent(n * 3 * h);
        var context = pool.Rent(n * h);
        var projected = pool.Rent(n * h);
        var inner = pool.Rent(n * c.IntermediateSize);
        try
        {
            foreach (var layer in _weights.Layers)
            {
                layer.QueryKeyValue.Forward(hidden, qkv, n);
                Attention(qkv, context, sequences, starts);
                layer.AttentionOutput.Forward(context, projected, n);
                TensorPrimitives.Add(projected.AsSpan(0, n * h), hidden, hidden);
                LayerNorm(hidden, n, layer.AttentionNormGamma, layer.AttentionNormBeta);

                layer.Intermediate.Forward(hidden, inner, n);
                Gelu.Apply(inner.AsSpan(0, n * c.IntermediateSize));
                layer.Output.Forward(inner, projected, n);
                TensorPrimitives.Add(projected.AsSpan(0, n * h), hidden, hidden);
                LayerNorm(hidden, n, layer.OutputNormGamma, layer.OutputNormBeta);
            }
        }
        finally
        {
            pool.Return(qkv);
            pool.Return(context);
            pool.Return(projected);
            pool.Return(inner);
        }
        return hidden;
    }

    /// <summary>Scaled dot-product attention per head, each sentence attending only to its own tokens.</summary>
    private void Attention(float[] qkv, float[] context, IReadOnlyList<int[]> sequences, int[] starts)
    {
        int h = Config.HiddenSize, heads = Config.NumHeads, d = Config.HeadSize, stride = 3 * h;
        float scale = 1f / MathF.Sqrt(d);
        int maxLength = sequences.Max(s => s.Length);
        Span<float> scores = maxLength <= 512 ? stackalloc float[maxLength] : new float[maxLength];
        for (int s = 0; s < sequences.Count; s++)
        {
            int start = starts[s], length = sequences[s].Length;
            var sc = scores[..length];
            for (int head = 0; head < heads; head++)
            {
                int qOff = head * d, kOff = h + head * d, vOff = 2 * h + head * d;
                for (int i = 0; i < length; i++)
                {
                    var q = qkv.AsSpan((start + i) * stride + qOff, d);
                    for (int j = 0; j < length; j++)
                        sc[j] = TensorPrimitives.Dot(q, qkv.AsSpan((start + j) * stride + kOff, d)) * scale;
                    TensorPrimitives.SoftMax(sc, sc);
                    var ctx = context.AsSpan((start + i) * h + head * d, d);
                    ctx.Clear();
                    for (int j = 0; j < length; j++)
                        TensorPrimitives.MultiplyAdd(qkv.AsSpan((start + j) * stride + vOff, d), sc[j], ctx, ctx);
                }
            }
        }
    }

    private void LayerNorm(Span<float> x, int rows, float[] gamma, float[] beta)
    {
        int h = Config.HiddenSize;
        float eps = Config.LayerNormEps;
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * h, h);
            float mean = TensorPrimitives.Sum(row) / h;
            TensorPrimitives.Subtract(row, mean, row);
            float variance = TensorPrimitives.SumOfSquares(row) / h;
            TensorPrimitives.Multiply(row, 1f / MathF.Sqrt(variance + eps), row);
            TensorPrimitives.MultiplyAdd(row, gamma, beta, row);
        }
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var vectors = await Task.Run(() => Embed(texts), cancellationToken).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = created }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() { }

    private static int? ReadMaxSeqLength(string folder)
    {
        var path = Path.Combine(folder, "sentence_bert_config.json");
        if (!File.Exists(path)) return null;
        using var doc = ParseJson(path, "sentence_bert_config.json");
        return doc.RootElement.TryGetProperty("max_seq_length", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
    }

    private static BertPooling ReadPooling(string folder, ILogger? logger)
    {
        var path = Path.Combine(folder, "1_Pooling", "config.json");
        if (!File.Exists(path))
        {
            // optional like the other config files, but a CLS-pooled model would silently give wrong vectors: say so
            logger?.LogWarning("Model folder {Folder} has no 1_Pooling/config.json; using mean pooling (the sentence-transformers default)", folder);
            return BertPooling.Mean;
        }
        using var doc = ParseJson(path, "1_Pooling/config.json");
        bool Flag(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        if (Flag("pooling_mode_mean_tokens")) return BertPooling.Mean;
        if (Flag("pooling_mode_cls_token")) return BertPooling.Cls;
        throw new ModelLoadException("1_Pooling/config.json", "only mean-token or CLS pooling is supported");
    }

    /// <summary>modules.json lists a Normalize module for all-MiniLM-L6-v2; without modules.json we normalize (cosine-ready vectors).</summary>
    private static bool ReadNormalize(string folder)
    {
        var path = Path.Combine(folder, "modules.json");
        if (!File.Exists(path)) return true;
        using var doc = ParseJson(path, "modules.json");
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new ModelLoadException("modules.json", "expected a JSON array");
        return doc.RootElement.EnumerateArray().Any(m => m.TryGetProperty("type", out var t) && (t.GetString() ?? "").EndsWith("Normalize", StringComparison.Ordinal));
    }

    private static JsonDocument ParseJson(string path, string displayName)
    {
        try { return JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException ex) { throw new ModelLoadException(displayName, $"invalid JSON ({ex.Message})", ex); }
    }

    private static string Fingerprint(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { "config.json", "vocab.txt", "model.safetensors" })
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(File.ReadAllBytes(Path.Combine(folder, name)));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}

public enum BertPooling { Mean, Cls }
