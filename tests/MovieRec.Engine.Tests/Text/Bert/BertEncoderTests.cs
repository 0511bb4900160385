using Microsoft.Extensions.AI;
using MovieRec.Engine.Text.Bert;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Bert;

public class BertEncoderTests
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData("", "expected.json")]
    [InlineData("f16", "expected-f16.json")]
    public void Matches_the_PyTorch_reference_token_by_token_and_pooled(string subfolder, string referenceFile)
    {
        var encoder = BertEncoder.Load(Path.Combine(TinyBert.Folder, subfolder));
        var reference = TinyBert.Reference(referenceFile);
        Assert.True(reference.Count >= 8);
        foreach (var expected in reference)
        {
            Assert.Equal(expected.Ids, encoder.Tokenizer.Encode(expected.Text));
            var tokens = encoder.TokenEmbeddings(expected.Text);
            Assert.Equal(expected.TokenEmbeddings.Length, tokens.Length);
            for (int t = 0; t < tokens.Length; t++)
                Assert.True(TinyBert.MaxAbsDiff(expected.TokenEmbeddings[t], tokens[t]) <= Tolerance, $"'{expected.Text}' token {t}");
            Assert.True(TinyBert.MaxAbsDiff(expected.Pooled, encoder.Embed(expected.Text)) <= Tolerance, $"'{expected.Text}' pooled");
        }
    }

    [Fact]
    public void A_parallel_packed_batch_gives_the_same_vectors_as_one_sentence_at_a_time()
    {
        var encoder = BertEncoder.Load(TinyBert.Folder, new BertEncoderOptions { MaxDegreeOfParallelism = 2, SentencesPerChunk = 3 });
        var reference = TinyBert.Reference("expected.json");
        var batch = encoder.Embed(reference.Select(r => r.Text).ToList());
        for (int i = 0; i < reference.Count; i++)
            Assert.True(TinyBert.MaxAbsDiff(reference[i].Pooled, batch[i]) <= Tolerance, reference[i].Text);
    }

    [Fact]
    public async Task Works_as_an_IEmbeddingGenerator()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = BertEncoder.Load(TinyBert.Folder);
        var result = await generator.GenerateAsync(["great movie", "bad film", ""]);
        Assert.Equal(3, result.Count);
        Assert.All(result, e => Assert.Equal(32, e.Vector.Length));
        Assert.All(result, e => Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(e.Vector.Span), 0.999f, 1.001f));
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal(32, metadata?.DefaultModelDimensions);
        Assert.StartsWith("tiny-bert@", metadata?.DefaultModelId);
        Assert.Empty(await generator.GenerateAsync([]));
    }

    [Fact]
    public void Very_long_text_is_truncated_to_max_seq_length()
    {
        var encoder = BertEncoder.Load(TinyBert.Folder);
        var text = string.Join(' ', Enumerable.Repeat("the great space war movie,", 20_000));
        Assert.Equal(24, encoder.TokenEmbeddings(text).Length); // sentence_bert_config.json max_seq_length
        Assert.Equal(32, encoder.Embed(text).Length);
    }

    [Fact]
    public void Random_MiniLm_sized_encoder_produces_unit_vectors()
    {
        var encoder = BertEncoder.CreateRandom(new BertConfig(100, 48, 1, 4, 96, 40), seed: 3);
        var vectors = encoder.EmbedIds([[2, 10, 11, 3], [2, 12, 3]]);
        Assert.All(vectors, v => Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(v), 0.999f, 1.001f));
        Assert.NotEqual(vectors[0], vectors[1]);
    }
}
