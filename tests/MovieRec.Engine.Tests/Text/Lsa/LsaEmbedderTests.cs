using System.Numerics.Tensors;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Lsa;

public sealed class LsaEmbedderTests
{
    private static readonly string[][] Topics =
    [
        ["space", "alien", "planet", "starship", "galaxy", "astronaut", "orbit", "rocket"],
        ["love", "romance", "wedding", "kiss", "heart", "couple", "date", "marriage"],
        ["detective", "murder", "police", "crime", "killer", "investigation", "clue", "suspect"],
    ];

    /// <summary>90 documents, 30 per topic: 12 topic words plus 6 common filler words each.</summary>
    private static List<MovieDocument> Corpus()
    {
        var random = new Random(3);
        string[] filler = ["story", "film", "people", "world", "life", "night", "city", "friend", "family", "years"];
        var docs = new List<MovieDocument>();
        for (var i = 0; i < 90; i++)
        {
            var topic = Topics[i % 3];
            var words = Enumerable.Range(0, 12).Select(_ => topic[random.Next(topic.Length)])
                .Concat(Enumerable.Range(0, 6).Select(_ => filler[random.Next(filler.Length)]));
            docs.Add(new MovieDocument(1000 + i, string.Join(' ', words)));
        }
        return docs;
    }

    private static readonly LsaOptions Small = new() { Dimensions = 8, Oversampling = 4 };

    [Fact]
    public void Queries_find_documents_of_their_topic()
    {
        var docs = Corpus();
        using var lsa = LsaEmbedder.Fit(docs, Small);
        Assert.Equal(8, lsa.Dimensions);
        for (var topic = 0; topic < 3; topic++)
        {
            var query = lsa.Embed(Topics[topic][0] + " " + Topics[topic][1]);
            var top10 = Enumerable.Range(0, docs.Count)
                .OrderByDescending(r => TensorPrimitives.Dot(query, lsa.DocumentVector(r).Span))
                .Take(10);
            Assert.All(top10, r => Assert.Equal(topic, r % 3));
        }
    }

    [Fact]
    public void Vectors_are_unit_length_and_fold_in_reproduces_a_fitted_document()
    {
        var docs = Corpus();
        using var lsa = LsaEmbedder.Fit(docs, Small);
        Assert.True(lsa.TryGetDocumentVector(1005, out var fitted));
        Assert.Equal(1, TensorPrimitives.Norm(fitted.Span), 4);
        var folded = lsa.Embed(docs[5].Text);
        Assert.Equal(1, TensorPrimitives.Norm<float>(folded), 4);
        var cosine = TensorPrimitives.CosineSimilarity(folded, fitted.Span);
        Assert.True(cosine > 0.99, $"cosine {cosine}");
    }

    [Fact]
    public void Fit_is_deterministic_for_a_seed()
    {
        var docs = Corpus();
        using var a = LsaEmbedder.Fit(docs, Small);
        using var b = LsaEmbedder.Fit(docs, Small);
        Assert.Equal(a.Embed("alien romance"), b.Embed("alien romance"));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
    }

    [Fact]
    public async Task Implements_the_embedding_generator_contract()
    {
        using var lsa = LsaEmbedder.Fit(Corpus(), Small);
        Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> generator = lsa;
        var result = await generator.GenerateAsync(["murder police", "", "zzz unknown words"]);
        Assert.Equal(3, result.Count);
        Assert.All(result, e => Assert.Equal(8, e.Vector.Length));
        Assert.Equal(1, TensorPrimitives.Norm(result[0].Vector.Span), 4);
        Assert.All(result[1].Vector.ToArray(), x => Assert.Equal(0, x));  // no known term: zero vector
        Assert.All(result[2].Vector.ToArray(), x => Assert.Equal(0, x));
        Assert.NotNull(generator.GetService(typeof(Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)));
    }

    [Fact]
    public void Very_long_text_and_invalid_characters_are_embedded()
    {
        using var lsa = LsaEmbedder.Fit(Corpus(), Small);
        var longText = string.Concat(Enumerable.Repeat("galaxy rocket \uD800 \uFFFD ", 100_000));
        var v = lsa.Embed(longText);
        Assert.Equal(1, TensorPrimitives.Norm<float>(v), 4);
    }

    [Fact]
    public void Save_and_load_round_trip_and_detect_staleness()
    {
        var docs = Corpus();
        using var lsa = LsaEmbedder.Fit(docs, Small);
        using var dir = new TempDir();
        var path = dir.File("lsa.bin");
        lsa.Save(path);

        using var loaded = LsaEmbedder.Load(path);
        Assert.Equal(lsa.Fingerprint, loaded.Fingerprint);
        Assert.Equal(lsa.Embed("detective clue"), loaded.Embed("detective clue"));
        Assert.Equal(lsa.DocumentVector(7).ToArray(), loaded.DocumentVector(7).ToArray());
        Assert.Equal(lsa.DocumentIds, loaded.DocumentIds);

        Assert.NotNull(LsaEmbedder.LoadIfCurrent(path, docs, Small));
        var changed = docs.Take(89).Append(docs[89] with { Text = docs[89].Text + " extra" }).ToList();
        Assert.Null(LsaEmbedder.LoadIfCurrent(path, changed, Small));
        Assert.Null(LsaEmbedder.LoadIfCurrent(path, docs, Small with { Seed = 1 }));
    }

    [Fact]
    public void Corrupt_files_get_a_clear_error()
    {
        using var dir = new TempDir();
        var garbage = dir.Write("garbage.bin", "hello");
        Assert.Throws<InvalidDataException>(() => LsaEmbedder.Load(garbage));

        using var lsa = LsaEmbedder.Fit(Corpus(), Small);
        var path = dir.File("lsa.bin");
        lsa.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => LsaEmbedder.Load(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_corpus_is_rejected_clearly()
    {
        Assert.Throws<ArgumentException>(() => LsaEmbedder.Fit(Array.Empty<string>()));
        var ex = Assert.Throws<ArgumentException>(() => LsaEmbedder.Fit(["one lonely document", ""]));
        Assert.Contains("too small", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenizer_drops_stop_words_and_builds_bigrams()
    {
        Assert.Equal(["dark", "knight", "rise", "dark knight", "knight rise"], LsaTokenizer.Terms("The Dark Knight RISES!", bigrams: true));
        Assert.Equal(["dark", "knight"], LsaTokenizer.Terms("the dark  a knight", bigrams: false));
    }

    [Theory]
    [InlineData("dogs", "dog")]
    [InlineData("stories", "story")]
    [InlineData("zombies", "zombie")]
    [InlineData("movies", "movie")]
    [InlineData("witches", "witch")]
    [InlineData("glasses", "glass")]
    [InlineData("boys", "boy")]
    public void Tokenizer_folds_a_plural_and_its_singular_to_one_term(string plural, string singular)
    {
        Assert.Equal(LsaTokenizer.Fold(singular), LsaTokenizer.Fold(plural));
        Assert.Equal(LsaTokenizer.Words(singular), LsaTokenizer.Words(plural));
    }

    [Theory]
    [InlineData("news")]
    [InlineData("virus")]
    [InlineData("tennis")]
    [InlineData("boss")]
    [InlineData("1990s")]
    public void Tokenizer_keeps_words_that_only_look_plural(string word) => Assert.Equal(word, LsaTokenizer.Fold(word));

    [Fact]
    public void A_query_in_the_plural_finds_a_description_in_the_singular()
    {
        string[] documents =
        [
            "an old farmer and his loyal dog walk the hills", "a sheepdog trial and a loyal dog on the farm",
            "a heist crew robs a bank vault", "bank robbers plan the perfect heist",
            "astronauts drift in space aboard a station", "a space station crew faces a storm",
        ];
        var lsa = LsaEmbedder.Fit(documents, new LsaOptions { Dimensions = 3, MinDocumentFrequency = 1, Bigrams = false });
        var query = lsa.Embed("dogs");
        var scores = documents.Select(d => System.Numerics.Tensors.TensorPrimitives.Dot(query, lsa.Embed(d))).ToArray();
        Assert.True(scores[0] > 0.5 && scores[0] > scores[2] && scores[0] > scores[4], string.Join(", ", scores));
    }
}
