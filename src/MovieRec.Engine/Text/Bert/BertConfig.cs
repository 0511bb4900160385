using System.Text.Json;

namespace MovieRec.Engine.Text.Bert;

/// <summary>The architecture numbers from a BERT config.json (Hugging Face names).</summary>
public sealed record BertConfig(
    int VocabSize,
    int HiddenSize,
    int NumLayers,
    int NumHeads,
    int IntermediateSize,
    int MaxPositionEmbeddings,
    int TypeVocabSize = 2,
    float LayerNormEps = 1e-12f)
{
    public int HeadSize => HiddenSize / NumHeads;

    /// <summary>The size of all-MiniLM-L6-v2 (for benchmarks with random weights).</summary>
    public static BertConfig MiniLmL6 { get; } = new(30522, 384, 6, 12, 1536, 512);

    public static BertConfig Load(string path, string displayName = "config.json")
    {
        if (!File.Exists(path)) throw new ModelLoadException(displayName, "file not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            int Int(string name) => root.TryGetProperty(name, out var v) ? v.GetInt32()
                : throw new ModelLoadException(displayName, $"'{name}' is missing");
            var act = root.TryGetProperty("hidden_act", out var a) ? a.GetString() : "gelu";
            if (act != "gelu")
                throw new ModelLoadException(displayName, $"hidden_act '{act}' is not supported (only the exact erf 'gelu')");
            var config = new BertConfig(
                Int("vocab_size"), Int("hidden_size"), Int("num_hidden_layers"), Int("num_attention_heads"),
                Int("intermediate_size"), Int("max_position_embeddings"),
                root.TryGetProperty("type_vocab_size", out var t) ? t.GetInt32() : 2,
                root.TryGetProperty("layer_norm_eps", out var e) ? e.GetSingle() : 1e-12f);
            if (config.HiddenSize <= 0 || config.NumHeads <= 0 || config.HiddenSize % config.NumHeads != 0)
                throw new ModelLoadException(displayName, $"hidden_size {config.HiddenSize} is not a multiple of num_attention_heads {config.NumHeads}");
            return config;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(displayName, $"invalid JSON ({ex.Message})", ex);
        }
    }
}
