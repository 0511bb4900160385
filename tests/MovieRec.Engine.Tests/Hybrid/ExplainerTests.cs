using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Tests.Text.Vader;
using MovieRec.Engine.Text.Sentiment;

namespace MovieRec.Engine.Tests.Hybrid;

public sealed class ExplainerTests
{
    [Theory]
    [InlineData("When Dr. Indiana Jones is hired by the government, he races the Nazis. Then more.", "When Dr. Indiana Jones is hired by the government, he races the Nazis.")]
    [InlineData("Insane General Jack D. Ripper orders a strike. The rest.", "Insane General Jack D. Ripper orders a strike.")]
    [InlineData("Corky St. Clair directs a pageant! And so on.", "Corky St. Clair directs a pageant!")]
    [InlineData("A score of 3.5 stars. Next.", "A score of 3.5 stars.")]
    [InlineData("No full stop at all", "No full stop at all")]
    public void The_first_sentence_does_not_end_at_a_title_an_initial_or_a_decimal_point(string overview, string expected) =>
        Assert.Equal(expected, Explainer.FirstSentence(overview));

    private static readonly Dictionary<int, Movie> Movies = new()
    {
        [1] = new Movie(1, "Hachi: A Dog's Tale", 2009, ["Drama"]) { Metadata = new MovieMetadata { Overview = "A professor finds an abandoned dog at the station." } },
        [2] = new Movie(2, "Jarhead", 2005, ["Drama", "War"]) { Metadata = new MovieMetadata { Overview = "A marine wins an award in the desert." } },
    };

    private static IReadOnlyList<string> Facts(int movieId, string query, params Rating[] ratings) => Facts(movieId, query, null, ratings);

    private static IReadOnlyList<string> Facts(int movieId, string query, TagSentimentIndex? sentiment, params Rating[] ratings)
    {
        var matrix = RatingMatrix.Build(ratings.Length > 0 ? ratings : [new Rating(1, 2, 4, 0)], RatingScale.HalfStars);
        return new Explainer(Movies, matrix, new MovieStats(matrix), sentiment).Facts(movieId, new HybridRequest { Query = query }, contentMatched: true);
    }

    [Fact]
    public void A_tag_is_a_reason_only_when_users_speak_warmly_of_the_movie()
    {
        var sentiment = TagSentimentIndex.Build(
            [new Tag(1, 1, "stupid is as stupid does", 0), new Tag(2, 1, "heartwarming", 0), new Tag(1, 2, "boring", 0)],
            VaderReferenceTests.Analyzer.Value);
        var warm = Facts(1, "", sentiment);
        Assert.Contains(warm, f => f.StartsWith("users tag it 'heartwarming' (sentiment +", StringComparison.Ordinal));
        Assert.DoesNotContain(warm, f => f.Contains("stupid", StringComparison.Ordinal));
        Assert.DoesNotContain(Facts(2, "", sentiment), f => f.StartsWith("users tag it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_word_in_the_plural_is_found_in_a_description_in_the_singular() =>
        Assert.Contains("its description mentions dogs, stations", Facts(1, "sad movies about dogs at stations"));

    [Fact]
    public void A_query_word_inside_a_longer_word_is_not_a_mention() =>
        Assert.DoesNotContain(Facts(2, "war"), f => f.StartsWith("its description mentions", StringComparison.Ordinal));

    [Fact]
    public void One_rating_is_counted_in_the_singular()
    {
        Assert.Contains("rated 3.5/5 by 1 user", Facts(1, "dogs", new Rating(1, 1, 3.5f, 0)));
        Assert.Contains("rated 4.0/5 by 2 users", Facts(1, "dogs", new Rating(1, 1, 3.5f, 0), new Rating(2, 1, 4.5f, 0)));
    }
}
