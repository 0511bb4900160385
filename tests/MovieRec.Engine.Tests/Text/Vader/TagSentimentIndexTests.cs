using MovieRec.Core.Domain;
using MovieRec.Engine.Text.Sentiment;
using MovieRec.Engine.Text.Vader;

namespace MovieRec.Engine.Tests.Text.Vader;

public sealed class TagSentimentIndexTests
{
    private static VaderAnalyzer Analyzer => VaderReferenceTests.Analyzer.Value;

    [Fact]
    public void Score_is_the_shrunk_mean_compound_with_evidence()
    {
        Tag[] tags =
        [
            new(1, 10, "great acting", 0), new(2, 10, "boring", 0), new(3, 10, "Paris", 0),
            new(1, 20, "masterpiece", 0),
        ];
        var index = TagSentimentIndex.Build(tags, Analyzer, shrinkage: 3);

        var great = Analyzer.PolarityScores("great acting").Compound;
        var boring = Analyzer.PolarityScores("boring").Compound;
        var m10 = index.Get(10)!;
        Assert.Equal(3, m10.TagCount);
        Assert.Equal((great + boring + 0) / 3 * 3 / 6, m10.Score, 12);
        Assert.Equal("great acting", m10.MostPositiveTag);
        Assert.Equal(great, m10.MostPositiveCompound);
        Assert.Equal("boring", m10.MostNegativeTag);
        Assert.True(m10.MostNegativeCompound < 0);

        var m20 = index.Get(20)!;
        Assert.Null(m20.MostNegativeTag);
        Assert.Null(m20.MostNegativeCompound);
        Assert.True(m20.Score > 0 && m20.Score < Analyzer.PolarityScores("masterpiece").Compound); // shrunk

        Assert.Null(index.Get(99));
        Assert.Equal(0, index.ScoreOf(99));
    }

    [Fact]
    public void More_agreeing_tags_mean_a_stronger_score()
    {
        var few = TagSentimentIndex.Build([new Tag(1, 1, "wonderful", 0)], Analyzer);
        var many = TagSentimentIndex.Build(Enumerable.Range(1, 10).Select(u => new Tag(u, 1, "wonderful", 0)), Analyzer);
        Assert.True(many.ScoreOf(1) > few.ScoreOf(1));
    }

    [Fact]
    public void Blank_and_duplicate_tags_are_ignored()
    {
        var index = TagSentimentIndex.Build(
            [new Tag(1, 1, "  ", 0), new Tag(1, 1, "funny", 0), new Tag(1, 1, "Funny ", 5), new Tag(2, 1, "funny", 0)], Analyzer);
        Assert.Equal(2, index.Get(1)!.TagCount);
        Assert.Equal(1, index.Count);
    }
}
