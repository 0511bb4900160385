using Microsoft.Extensions.AI;
using MovieRec.Engine.Tests.Text.Bert;
using MovieRec.Engine.Text.Bert;
using MovieRec.Engine.Text.Embeddings;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Embeddings;

public class CachedEmbeddingGeneratorTests
{
    /// <summary>Counts the texts that reach the real encoder.</summary>
    private sealed class CountingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public int Encoded;

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            Interlocked.Add(ref Encoded, list.Count);
            return base.GenerateAsync(list, options, cancellationToken);
        }
    }

    private static readonly string[] Documents = ["Star Wars (1977) space opera", "Toy Story (1995) animated comedy", "Alien (1979) horror in space"];

    [Fact]
    public async Task A_second_start_does_not_re_encode()
    {
        using var temp = new TempDir();
        var encoder = BertEncoder.Load(TinyBert.Folder);
        var path = CachedEmbeddingGenerator.DefaultPath(temp.Path, encoder.ModelId);

        var first = new CountingGenerator(encoder);
        using (var cached = new CachedEmbeddingGenerator(first, path))
        {
            var vectors = await cached.GenerateAsync([.. Documents, Documents[0]]); // a duplicate is encoded once
            Assert.Equal(4, vectors.Count);
            Assert.Equal(vectors[0].Vector.ToArray(), vectors[3].Vector.ToArray());
        }
        Assert.Equal(3, first.Encoded);
        Assert.True(File.Exists(path));

        var second = new CountingGenerator(encoder);
        using (var cached = new CachedEmbeddingGenerator(second, path))
        {
            Assert.Equal(3, cached.Count);
            var again = await cached.GenerateAsync(Documents);
            Assert.Equal(0, second.Encoded);
            Assert.Equal(encoder.Embed(Documents[1]), again[1].Vector.ToArray());

            await cached.GenerateAsync([Documents[0], "Heat (1995) crime thriller"]); // one changed/new document
            Assert.Equal(1, second.Encoded);
        }
    }

    [Fact]
    public async Task Vectors_of_another_embedder_are_never_reused()
    {
        using var temp = new TempDir();
        var path = temp.File("cache.bin");
        var encoder = BertEncoder.Load(TinyBert.Folder);
        using (var cached = new CachedEmbeddingGenerator(encoder, path, "tiny@v1"))
            await cached.GenerateAsync(Documents);

        var counting = new CountingGenerator(encoder);
        using var other = new CachedEmbeddingGenerator(counting, path, "tiny@v2");
        Assert.Equal(0, other.Count);
        await other.GenerateAsync(Documents);
        Assert.Equal(3, counting.Encoded);
    }

    [Fact]
    public async Task A_damaged_cache_file_is_rebuilt()
    {
        using var temp = new TempDir();
        var path = temp.File("cache.bin");
        var encoder = BertEncoder.Load(TinyBert.Folder);
        using (var cached = new CachedEmbeddingGenerator(encoder, path, "tiny"))
            await cached.GenerateAsync(Documents);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var counting = new CountingGenerator(encoder);
        using var reopened = new CachedEmbeddingGenerator(counting, path, "tiny");
        var vectors = await reopened.GenerateAsync(Documents);
        Assert.Equal(3, counting.Encoded);
        Assert.Equal(encoder.Embed(Documents[2]), vectors[2].Vector.ToArray());
    }
}
