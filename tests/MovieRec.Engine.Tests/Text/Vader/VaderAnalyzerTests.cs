using System.Text;
using MovieRec.Engine.Text.Vader;
using MovieRec.Testing;

namespace MovieRec.Engine.Tests.Text.Vader;

public sealed class VaderAnalyzerTests
{
    private static VaderAnalyzer Analyzer => VaderReferenceTests.Analyzer.Value;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\r\n ")]
    public void Empty_text_scores_zero(string? text)
    {
        Assert.Equal(SentimentScores.Empty, Analyzer.PolarityScores(text));
    }

    [Fact]
    public void Text_without_lexicon_words_is_fully_neutral()
    {
        var s = Analyzer.PolarityScores("the table is in the kitchen");
        Assert.Equal(new SentimentScores(0, 1, 0, 0), s);
    }

    [Fact]
    public void Rules_move_the_score_the_documented_way()
    {
        double C(string t) => Analyzer.PolarityScores(t).Compound;
        Assert.True(C("The book was good.") > 0);
        Assert.True(C("The book was not good.") < 0);                        // negation
        Assert.True(C("The book was very good.") > C("The book was good."));   // booster
        Assert.True(C("The book was kind of good.") < C("The book was good.")); // dampener
        Assert.True(C("The book was good!!!") > C("The book was good."));      // exclamation
        Assert.True(C("The book was GOOD.") > C("The book was good."));        // caps, mixed case
        Assert.Equal(C("THE BOOK WAS GOOD."), C("the book was good."));        // all caps: no emphasis
        Assert.True(C("The plot was bad, but the acting was great") > 0);      // "but" shift
        Assert.True(C("I love it 😁") > C("I love it"));                        // emoji description
        Assert.True(C("Sentiment analysis has never been this good!") > 0);    // "never this"
        Assert.True(C("This movie is the bomb") > C("This movie is a bomb"));  // special-case idiom
    }

    [Fact]
    public void Scores_are_rounded_like_the_reference()
    {
        var s = Analyzer.PolarityScores("VADER is smart, handsome, and funny.");
        Assert.Equal(s.Negative, Math.Round(s.Negative, 3));
        Assert.Equal(s.Positive, Math.Round(s.Positive, 3));
        Assert.Equal(s.Compound, Math.Round(s.Compound, 4));
        Assert.InRange(s.Negative + s.Neutral + s.Positive, 0.998, 1.002);
    }

    [Fact]
    public void Very_long_text_is_scored()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 50_000; i++) sb.Append(i % 7 == 0 ? "good but bad awful great " : "the plot moves ");
        // 350,000 tokens with a "but": the reference's quadratic loop would not finish; ours is O(n log n).
        var s = Analyzer.PolarityScores(sb.ToString());
        Assert.InRange(s.Compound, 0.99, 1);
    }

    [Fact]
    public void Invalid_utf16_and_replacement_characters_do_not_throw()
    {
        var decoded = new UTF8Encoding(false, false).GetString([0x67, 0x6f, 0x6f, 0x64, 0xff, 0xfe, 0x20, 0xc3]);
        Assert.Contains('\uFFFD', decoded);
        Assert.True(Analyzer.PolarityScores(decoded).Compound >= 0);
        var lone = "great \uD83D movie \uDE01 fun";
        Assert.True(Analyzer.PolarityScores(lone).Compound > 0);
    }

    [Fact]
    public void Is_thread_safe()
    {
        var texts = new[] { "good", "bad movie!!", "not great, but fine 😁", "TERRIBLE film" };
        var expected = texts.Select(Analyzer.PolarityScores).ToArray();
        Parallel.For(0, 4000, i => Assert.Equal(expected[i % 4], Analyzer.PolarityScores(texts[i % 4])));
    }

    [Fact]
    public void Indexed_but_rescaling_equals_the_literal_reference_loop()
    {
        var random = new Random(7);
        double[] values = [0, 0, 0, 1.9, -1.5, 2.2, 0.95, 3.8, -0.75, 1.1];
        for (var trial = 0; trial < 2000; trial++)
        {
            var n = random.Next(1, 40);
            var a = Enumerable.Range(0, n).Select(_ => values[random.Next(values.Length)]).ToArray();
            var b = (double[])a.Clone();
            var but = random.Next(n);
            VaderAnalyzer.ButRescale(a, n, but);
            VaderAnalyzer.ButRescaleIndexed(b, n, but);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Missing_lexicon_folder_names_the_file()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<FileNotFoundException>(() => new VaderAnalyzer(dir.Path));
        Assert.Contains(VaderLexicon.LexiconFileName, ex.Message);
    }

    [Fact]
    public void Malformed_lexicon_line_names_file_and_line()
    {
        var ex = Assert.Throws<FormatException>(() => VaderLexicon.Parse(
            new StringReader("good\t1.9\t0.9\nbad\tnot-a-number\n"), new StringReader(""), "lex.txt", "emoji.txt"));
        Assert.Contains("lex.txt:2", ex.Message);
    }
}
