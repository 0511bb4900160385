using MovieRec.Agent.Offline;
using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Offline;

[Collection(EngineCollection.Name)]
public class RequestParserTests(EngineFixture fixture)
{
    private ParsedRequest Parse(string message) => new RequestParser(fixture.Engine.Catalog, fixture.Engine.LatestYear).Parse(message);

    [Fact]
    public void ReadsTitleDecadeAndExclusions()
    {
        var p = Parse("something like Heat but less violent, from the 90s");
        Assert.Equal("Heat", Assert.Single(p.ReferencedMovies).Title);
        Assert.Equal((1990, 1999), (p.YearFrom!.Value, p.YearTo!.Value));
        Assert.Contains("Horror", p.ExcludedGenres);
        Assert.DoesNotContain("violent", p.QueryText ?? "");
    }

    [Theory]
    [InlineData("more like the second one", ChatIntent.MoreLike, 2)]
    [InlineData("more like the first one", ChatIntent.MoreLike, 1)]
    [InlineData("why that?", ChatIntent.Why, 1)]
    [InlineData("why the third one?", ChatIntent.Why, 3)]
    [InlineData("more", ChatIntent.More, null)]
    [InlineData("not that, something lighter", ChatIntent.Refine, null)]
    [InlineData("I didn't like the first one", ChatIntent.Refine, 1)]
    [InlineData("I loved the third one", ChatIntent.MoreLike, 3)]
    public void ReadsFollowUpsWithoutMistakingThemForTitles(string message, ChatIntent intent, int? ordinal)
    {
        var p = Parse(message);
        Assert.Equal(intent, p.Intent);
        Assert.Equal(ordinal, p.Ordinal);
        Assert.Empty(p.ReferencedMovies);
    }

    [Theory]
    [InlineData("newer ones", ChatIntent.Refine, Era.Newer)]
    [InlineData("something older", ChatIntent.Refine, Era.Older)]
    [InlineData("only comedies please", ChatIntent.Refine, Era.None)]
    [InlineData("just from the 2000s", ChatIntent.Refine, Era.None)]
    [InlineData("comedies", ChatIntent.Recommend, Era.None)]
    [InlineData("something like Heat", ChatIntent.Recommend, Era.None)]
    [InlineData("newer than 2005", ChatIntent.Recommend, Era.None)]
    public void ConditionsOnTheLastAnswerRefineIt(string message, ChatIntent intent, Era era)
    {
        var p = Parse(message);
        Assert.Equal((intent, era), (p.Intent, p.Era));
    }

    [Fact]
    public void ReadsSeveralTitlesJoinedByAndOrCommas()
    {
        Assert.Equal(["Heat", "Ronin"], Parse("something like Heat and Ronin").ReferencedMovies.Select(m => m.Title));
        var loved = Parse("I loved Alien, Blade Runner and Heat");
        Assert.Equal(["Alien", "Blade Runner", "Heat"], loved.LikedMovies.Select(m => m.Title));
        var mixed = Parse("like Heat and something funny");
        Assert.Equal("Heat", Assert.Single(mixed.ReferencedMovies).Title);
        Assert.Contains("Comedy", mixed.Genres);
    }

    [Theory]
    [InlineData("top rated war movies", "War")]
    [InlineData("the best sci-fi of the 80s", "Sci-Fi")]
    [InlineData("critically acclaimed dramas", "Drama")]
    [InlineData("must-see comedies", "Comedy")]
    public void AskingForTheBestIsAcclaimedNotWordsToSearchFor(string message, string genre)
    {
        var p = Parse(message);
        Assert.True(p.Acclaimed);
        Assert.Equal(genre, Assert.Single(p.Genres));
        Assert.Null(p.QueryText);
        Assert.False(p.IsVague);
        Assert.False(Parse("a heist with a twist").Acclaimed);
        Assert.Equal("Top Gun", Assert.Single(Parse("something like Top Gun").ReferencedMovies).Title);
    }

    [Fact]
    public void LikesAndDislikesAreRecorded()
    {
        Assert.Equal("Trainspotting", Assert.Single(Parse("I loved Trainspotting, what next?").LikedMovies).Title);
        Assert.Equal("Titanic", Assert.Single(Parse("I hated Titanic").DislikedMovies).Title);
    }

    [Theory]
    [InlineData("comedies after 2010", 2011, null)]
    [InlineData("films from 1995 to 2005", 1995, 2005)]
    [InlineData("westerns before 1970", null, 1969)]
    [InlineData("late 80s action", 1986, 1989)]
    [InlineData("something from 2015", 2015, 2015)]
    [InlineData("dramas from 2010 onwards", 2010, null)]
    [InlineData("a 1999 movie", 1999, 1999)]
    public void ReadsPeriods(string message, int? from, int? to)
    {
        var p = Parse(message);
        Assert.Equal((from, to), (p.YearFrom, p.YearTo));
    }

    [Theory]
    [InlineData("I can't stand horror, something with a heist", null, "Horror")]
    [InlineData("i'm not a fan of musicals", null, "Musical")]
    [InlineData("I don't like westerns. Something tense?", null, "Western")]
    [InlineData("I love westerns", "Western", null)]
    [InlineData("I'm a big fan of sci-fi, surprise me", "Sci-Fi", null)]
    public void StatedGenreTastesAreKeptApartFromTheRequest(string message, string? liked, string? disliked)
    {
        var p = Parse(message);
        Assert.Equal(liked is null ? [] : [liked], p.LikedGenres);
        Assert.Equal(disliked is null ? [] : [disliked], p.DislikedGenres);
        if (disliked is not null) Assert.Contains(disliked, p.ExcludedGenres);
    }

    [Theory]
    [InlineData("no horror tonight, something tense", "Horror")]
    [InlineData("I hate romcoms", "Romance")]
    [InlineData("I hate feel-good movies", "Comedy")]
    public void OneOffExclusionsMoodsAndCombinationsAreNotLastingTastes(string message, string excluded)
    {
        var p = Parse(message);
        Assert.Contains(excluded, p.ExcludedGenres);
        Assert.Empty(p.DislikedGenres);
        Assert.Empty(p.LikedGenres);
    }

    [Theory]
    [InlineData("something tense from the 90s", "Thriller")]
    [InlineData("a feel-good movie", "Comedy")]
    public void AMoodPrefersItsGenresWithoutRequiringThem(string message, string preferred)
    {
        var p = Parse(message);
        Assert.Equal([preferred], p.PreferredGenres);
        Assert.Empty(p.Genres);
    }

    [Theory]
    [InlineData("something funny", "Comedy", null)]
    [InlineData("hilarious comedies", "Comedy", null)]
    [InlineData("a heist movie", "Crime", "heist")]
    [InlineData("space adventures", "Sci-Fi", "space")]
    public void OnlyGenreWordsThatNameATopicGoToTheSemanticQuery(string message, string genre, string? query)
    {
        var p = Parse(message);
        Assert.Contains(genre, p.Genres);
        Assert.Equal(query, p.QueryText);
    }

    [Fact]
    public void ANegatorInAnEarlierClauseDoesNotTurnAMoodAround()
    {
        var p = Parse("not that, something lighter");
        Assert.Equal(ChatIntent.Refine, p.Intent);
        Assert.DoesNotContain("Comedy", p.ExcludedGenres);
        Assert.Contains("Comedy", p.PreferredGenres);
        Assert.Contains("Thriller", p.ExcludedGenres); // what "lighter" leaves out
    }

    [Theory]
    [InlineData("a short funny movie under 90 minutes", 90)]
    [InlineData("something short and funny", 120)]
    public void ShortIsARuntimeNotAWordToSearchFor(string message, int maxMinutes)
    {
        var p = Parse(message);
        Assert.Equal(maxMinutes, p.MaxRuntimeMinutes);
        Assert.Null(p.QueryText);
        Assert.Equal(["Comedy"], p.Genres);
    }

    [Theory]
    [InlineData("something scary but not too gory", null)]
    [InlineData("a heist movie without explosions", "heist")]
    [InlineData("comedies but with dogs", "dogs")]
    public void AWordANegatorIsAboutIsNotSearchedFor(string message, string? query) => Assert.Equal(query, Parse(message).QueryText);

    [Fact]
    public void ANamedActorIsAPersonNotSearchWords()
    {
        var p = Parse("movies with Tom Hanks");
        Assert.Equal("Tom Hanks", Assert.Single(p.People).Name);
        Assert.Null(p.QueryText);
        Assert.Empty(p.ReferencedMovies);
        Assert.False(p.IsVague);
    }

    [Theory]
    [InlineData("I didn't like the first one", FeedbackSignal.Disliked)]
    [InlineData("hated the last one", FeedbackSignal.Disliked)]
    [InlineData("I loved the second one", FeedbackSignal.Liked)]
    [InlineData("I have seen the first one", FeedbackSignal.Watched)]
    [InlineData("already watched the third one", FeedbackSignal.Watched)]
    [InlineData("I've seen the last one", FeedbackSignal.Watched)]
    [InlineData("more like the second one", null)]
    public void AVerdictOnAnEarlierPickIsReadAsFeedback(string message, FeedbackSignal? verdict)
    {
        var p = Parse(message);
        Assert.Equal(verdict, p.PickVerdict);
        Assert.Null(p.QueryText);
    }

    [Fact]
    public void AVagueRequestIsVague() => Assert.True(Parse("recommend something").IsVague);
}
