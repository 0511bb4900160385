using MovieRec.Engine.Text.Bert;

namespace MovieRec.Engine.Tests.Text.Bert;

/// <summary>
/// Expectations written by hand from BERT's published algorithm (google-research/bert tokenization.py),
/// over the fixture vocabulary. The ids of whole sentences are also checked against the Python port in
/// make_reference.py (BertEncoderTests).
/// </summary>
public class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = WordPieceTokenizer.Load(TinyBert.Folder, maxSequenceLength: 24);

    [Theory]
    [InlineData("Hello, World!", "hello|,|world|!")]
    [InlineData("Naïve Café ÅNGSTRÖM résumé", "naive|cafe|angstrom|resume")]          // lower-case, NFD, drop Mn
    [InlineData("$11m isn't ^_^ a--b", "$|11m|isn|'|t|^|_|^|a|-|-|b")]               // ASCII symbols count as punctuation
    [InlineData("¿Qué? «film» — end…", "¿|que|?|«|film|»|—|end|…")]                   // Unicode P* categories
    [InlineData("中国电影is 日本", "中|国|电|影|is|日|本")]                              // CJK ideographs split apart
    [InlineData("こんにちは", "こんにちは")]                                             // kana are not in BERT's CJK ranges
    [InlineData("a\u0000b\u200Bc\uFFFDd", "abcd")]                                      // NUL, format chars, U+FFFD removed
    [InlineData("tab\tnew\nline\u00A0nbsp\u3000ideo", "tab|new|line|nbsp|ideo")]        // Zs and control whitespace split
    [InlineData("bad\uD800surrogate \uDC00x", "badsurrogate|x")]                    // lone UTF-16 surrogates are dropped like U+FFFD
    [InlineData("", "")]
    [InlineData(" \t\r\n ", "")]
    public void Basic_tokenization(string text, string expected) =>
        Assert.Equal(Split(expected), Tokenizer.BasicTokenize(text));

    [Fact]
    public void Without_lower_casing_case_and_accents_are_kept()
    {
        var cased = new WordPieceTokenizer(["[PAD]", "[UNK]", "[CLS]", "[SEP]"], doLowerCase: false);
        Assert.Equal(["Café", "!", "ÅB"], cased.BasicTokenize("Café! ÅB"));
    }

    [Theory]
    [InlineData("playing", "play|##ing")]
    [InlineData("funnier", "fun|##nier")]                 // greedy longest match first
    [InlineData("unbelievably", "unbeliev|##ably")]
    [InlineData("wonderful", "wonderful")]               // the whole word wins over wonder + ##ful
    [InlineData("xyz", "x|##y|##z")]
    [InlineData("straße", "[UNK]")]                      // no piece for "##ß": the WHOLE word is unknown
    [InlineData("movie 😀 night", "movie|[UNK]|night")]   // a non-BMP symbol is one unknown word
    [InlineData("1977 films", "1977|films")]
    public void WordPiece(string text, string expected) =>
        Assert.Equal(Split(expected), Tokenizer.Tokenize(text));

    [Fact]
    public void Words_over_100_characters_are_unknown()
    {
        Assert.Equal(["[UNK]"], Tokenizer.Tokenize(new string('a', 101)));
        var hundred = Tokenizer.Tokenize(new string('b', 100));
        Assert.Equal(100, hundred.Count);
        Assert.Equal("b", hundred[0]);
        Assert.All(hundred.Skip(1), p => Assert.Equal("##b", p));
    }

    [Fact]
    public void Encode_adds_CLS_and_SEP_and_truncates()
    {
        Assert.Equal([Tokenizer.ClsId, Tokenizer.SepId], Tokenizer.Encode(""));
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("movie", 1000)));
        Assert.Equal(24, ids.Length);
        Assert.Equal(Tokenizer.ClsId, ids[0]);
        Assert.Equal(Tokenizer.SepId, ids[^1]);
        Assert.Equal(Tokenizer.TokenizeToIds("movie")[0], ids[1]);
    }

    [Fact]
    public void A_vocabulary_without_special_tokens_is_rejected() =>
        Assert.Contains("[CLS]", Assert.Throws<ModelLoadException>(() => new WordPieceTokenizer(["a", "b"])).Message);

    private static string[] Split(string expected) => expected.Length == 0 ? [] : expected.Split('|');
}
