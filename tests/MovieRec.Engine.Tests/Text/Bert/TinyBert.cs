using System.Text.Json;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Bert;

/// <summary>The tiny random BERT fixture (built by Fixtures/tiny-bert/make_reference.py) and its PyTorch reference outputs.</summary>
internal static class TinyBert
{
    public static string Folder { get; } = Path.Combine(SharedData.RepoRoot, "tests", "MovieRec.Engine.Tests", "Fixtures", "tiny-bert");
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

    public static float MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
