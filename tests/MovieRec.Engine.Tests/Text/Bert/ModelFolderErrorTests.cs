using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using MovieRec.Engine.Text.Bert;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Bert;

public class ModelFolderErrorTests
{
    private static ModelLoadException LoadBroken(Action<string> breakIt)
    {
        using var temp = new TempDir();
        TinyBert.CopyTo(temp.Path);
        breakIt(temp.Path);
        return Assert.Throws<ModelLoadException>(() => BertEncoder.Load(temp.Path));
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("vocab.txt")]
    [InlineData("model.safetensors")]
    public void A_missing_file_is_named(string file)
    {
        var error = LoadBroken(dir => File.Delete(Path.Combine(dir, file)));
        Assert.Equal($"{file}: file not found", error.Message);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_reported()
    {
        var error = LoadBroken(dir =>
        {
            var path = Path.Combine(dir, "model.safetensors");
            var bytes = File.ReadAllBytes(path);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, 123456789);
            File.WriteAllBytes(path, bytes);
        });
        Assert.StartsWith("model.safetensors: header length 123456789 exceeds file size", error.Message);
    }

    [Fact]
    public void A_truncated_weights_file_is_reported()
    {
        var error = LoadBroken(dir =>
        {
            var path = Path.Combine(dir, "model.safetensors");
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        });
        Assert.StartsWith("model.safetensors: tensor '", error.Message);
        Assert.Contains("outside the file", error.Message);
    }

    [Fact]
    public void A_garbage_header_is_reported()
    {
        var error = LoadBroken(dir =>
        {
            var bytes = new byte[64];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, 40);
            "{\"a\": nonsense"u8.CopyTo(bytes.AsSpan(8));
            File.WriteAllBytes(Path.Combine(dir, "model.safetensors"), bytes);
        });
        Assert.StartsWith("model.safetensors: invalid JSON header", error.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_the_vocabulary_is_reported()
    {
        var error = LoadBroken(dir => File.AppendAllBytes(Path.Combine(dir, "vocab.txt"), [0xC3, 0x28, 0x0A]));
        Assert.Equal("vocab.txt: line 228 is not valid UTF-8 (byte offset 949)", error.Message);
    }

    [Fact]
    public void A_vocabulary_that_does_not_match_the_config_is_reported()
    {
        var error = LoadBroken(dir => File.AppendAllText(Path.Combine(dir, "vocab.txt"), "extra\n"));
        Assert.StartsWith("vocab.txt: has 228 tokens but config.json says vocab_size 227", error.Message);
    }

    [Fact]
    public void Corrupt_json_names_the_file()
    {
        Assert.StartsWith("config.json: invalid JSON", LoadBroken(dir => File.WriteAllText(Path.Combine(dir, "config.json"), "{ not json")).Message);
        Assert.StartsWith("1_Pooling/config.json: invalid JSON", LoadBroken(dir => File.WriteAllText(Path.Combine(dir, "1_Pooling", "config.json"), "[")).Message);
    }

    [Fact]
    public void A_missing_pooling_config_means_mean_pooling_with_a_warning_naming_the_folder()
    {
        using var temp = new TempDir();
        TinyBert.CopyTo(temp.Path);
        var logger = new RecordingLogger<BertEncoder>();
        BertEncoder.Load(temp.Path, logger: logger);
        Assert.Empty(logger.Entries); // a complete folder loads quietly

        File.Delete(Path.Combine(temp.Path, "1_Pooling", "config.json"));
        var encoder = BertEncoder.Load(temp.Path, logger: logger);

        Assert.Equal(BertPooling.Mean, encoder.Pooling);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal($"Model folder {temp.Path} has no 1_Pooling/config.json; using mean pooling (the sentence-transformers default)", warning.Message);
    }

    [Fact]
    public void A_missing_tensor_is_named()
    {
        var error = LoadBroken(dir =>
        {
            var config = File.ReadAllText(Path.Combine(dir, "config.json")).Replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3");
            File.WriteAllText(Path.Combine(dir, "config.json"), config);
        });
        Assert.Equal("model.safetensors: tensor 'encoder.layer.2.attention.self.query.weight' is missing", error.Message);
    }

    [Fact]
    public void A_missing_folder_is_reported() =>
        Assert.Contains("model folder not found", Assert.Throws<ModelLoadException>(() => BertEncoder.Load("/nonexistent/minilm")).Message);
}
