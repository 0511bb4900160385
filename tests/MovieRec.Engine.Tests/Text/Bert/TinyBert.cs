using System.Text.Json;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Bert;

/// <summary>
/// The tiny random BERT fixture and its PyTorch reference outputs (Fixtures/tiny-bert/make_reference.py).
/// Only the text files and the reference are committed; the weights are replayed here from the same portable
/// generator as the script and written as real safetensors files (F32, and F16 under f16/) into a scratch copy.
/// </summary>
internal static class TinyBert
{
    private static readonly string Source = Path.Combine(SharedData.RepoRoot, "tests", "MovieRec.Engine.Tests", "Fixtures", "tiny-bert");
    private static readonly Lazy<string> Built = new(Build);

    public static string Folder => Built.Value;
    public static string F16Folder => Path.Combine(Folder, "f16");

    /// <summary>The files of a sentence-transformers folder, relative paths.</summary>
    public static readonly string[] ModelFiles =
        ["config.json", "vocab.txt", "model.safetensors", "tokenizer_config.json", "special_tokens_map.json",
         "modules.json", "sentence_bert_config.json", "1_Pooling/config.json"];

    public sealed record Expected(string Text, int[] Ids, float[][] TokenEmbeddings, float[] Pooled);

    public static IReadOnlyList<Expected> Reference(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        return doc.RootElement.EnumerateArray().Select(e => new Expected(
            e.GetProperty("text").GetString()!,
            e.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            e.GetProperty("token_embeddings").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray(),
            e.GetProperty("pooled").EnumerateArray().Select(x => x.GetSingle()).ToArray())).ToList();
    }

    /// <summary>Copies the fixture into a scratch folder (to break it in tests).</summary>
    public static string CopyTo(string target)
    {
        foreach (var file in ModelFiles)
        {
            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(Folder, file), destination);
        }
        return target;
    }

    private static string Build()
    {
        var root = Path.Combine(Path.GetTempPath(), $"movierec-tests-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } };
        var target = Path.Combine(root, "tiny-bert"); // the folder name is the model id
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".safetensors", StringComparison.Ordinal)) continue; // a local run of the script may leave them
            var destination = Path.Combine(target, Path.GetRelativePath(Source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Source, "config.json")));
        var weights = Weights(config.RootElement);
        WriteSafeTensors(Path.Combine(target, "model.safetensors"), weights, f16: false);
        WriteSafeTensors(Path.Combine(target, "f16", "model.safetensors"), weights, f16: true);
        return target;
    }

    /// <summary>make_weights of make_reference.py: the same tensors, drawn in the same order from the same generator.</summary>
    private static Dictionary<string, (int[] Shape, float[] Values)> Weights(JsonElement cfg)
    {
        int h = cfg.GetProperty("hidden_size").GetInt32(), inter = cfg.GetProperty("intermediate_size").GetInt32();
        int v = cfg.GetProperty("vocab_size").GetInt32(), p = cfg.GetProperty("max_position_embeddings").GetInt32();
        int t = cfg.GetProperty("type_vocab_size").GetInt32(), layers = cfg.GetProperty("num_hidden_layers").GetInt32();
        var gen = new SplitMix64(1234);
        var w = new Dictionary<string, (int[], float[])>();
        void R(string name, int[] shape, double std = 0.2, float offset = 0)
        {
            var values = new float[shape.Aggregate(1, (a, b) => a * b)];
            for (var k = 0; k < values.Length; k++) values[k] = offset + (float)((gen.NextUniform() * 2 - 1) * Math.Sqrt(3) * std);
            w[name] = (shape, values);
        }
        R("embeddings.word_embeddings.weight", [v, h], 1.0);
        R("embeddings.position_embeddings.weight", [p, h], 0.5);
        R("embeddings.token_type_embeddings.weight", [t, h], 0.5);
        R("embeddings.LayerNorm.weight", [h], 0.1, offset: 1);
        R("embeddings.LayerNorm.bias", [h], 0.1);
        for (var l = 0; l < layers; l++)
        {
            var prefix = $"encoder.layer.{l}.";
            foreach (var name in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                R(prefix + name + ".weight", [h, h]);
                R(prefix + name + ".bias", [h], 0.1);
            }
            R(prefix + "attention.output.LayerNorm.weight", [h], 0.1, offset: 1);
            R(prefix + "attention.output.LayerNorm.bias", [h], 0.1);
            R(prefix + "intermediate.dense.weight", [inter, h]);
            R(prefix + "intermediate.dense.bias", [inter], 0.1);
            R(prefix + "output.dense.weight", [h, inter], 0.15);
            R(prefix + "output.dense.bias", [h], 0.1);
            R(prefix + "output.LayerNorm.weight", [h], 0.1, offset: 1);
            R(prefix + "output.LayerNorm.bias", [h], 0.1);
        }
        R("pooler.dense.weight", [h, h]);
        R("pooler.dense.bias", [h]);
        return w;
    }

    /// <summary>The safetensors layout: u64 header length, JSON header (tensors in key order, 8-byte padded), raw little-endian data.</summary>
    private static void WriteSafeTensors(string path, Dictionary<string, (int[] Shape, float[] Values)> tensors, bool f16)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        var data = new MemoryStream();
        foreach (var (name, (shape, values)) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var start = data.Length;
            foreach (var x in values)
                if (f16) data.Write(BitConverter.GetBytes((Half)x)); else data.Write(BitConverter.GetBytes(x));
            header[name] = new { dtype = f16 ? "F16" : "F32", shape, data_offsets = new[] { start, data.Length } };
        }
        var json = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = json.Concat(Enumerable.Repeat((byte)' ', (8 - json.Length % 8) % 8)).ToArray();
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)padded.Length));
        file.Write(padded);
        data.WriteTo(file);
    }

    /// <summary>SplitMix64 uniform draws in [0, 1) with 24 bits, as in make_reference.py.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public double NextUniform()
        {
            unchecked
            {
                _state += 0x9E3779B97F4A7C15;
                var z = _state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                z ^= z >> 31;
                return (z >> 40) / (double)(1 << 24);
            }
        }
    }

    public static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
