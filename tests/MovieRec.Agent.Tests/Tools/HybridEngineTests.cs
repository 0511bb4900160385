using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Tools;

/// <summary>Issue 5's hybrid engine on ml-latest-small: the franchise rule, MMR, the facts, the taste-neighbour strategy.</summary>
[Collection(EngineCollection.Name)]
public sealed partial class HybridEngineTests(EngineFixture fixture)
{
    private HybridRecommender Engine => fixture.Engine.Hybrid;

    private HybridRecommender With(HybridOptions options)
    {
        var movies = fixture.Engine.Dataset.Movies.ToDictionary(m => m.Id);
        return new HybridRecommender(movies, fixture.Engine.Ratings, Engine.Collaborative, Engine.Content, fixture.Engine.Sentiment, options);
    }

    private int Id(string title, int year) => fixture.Engine.Catalog.Find(title, year, 1)[0].Movie.Id;

    [Fact]
    public async Task TheTopFiveHoldsOneEntryPerFranchise_UnlessAskedForMore()
    {
        var request = new HybridRequest { SeedMovieIds = [Id("Toy Story 2", 1999)], K = 5 };
        var allowed = await Engine.RecommendAsync(request with { AllowSameFranchise = true });
        var sequels = allowed.Items.Count(i => Franchise.Key(i.Movie.Title) == "toy story");
        Assert.True(sequels >= 2, $"the test needs two Toy Story films among the unrestricted top 5, got {sequels}");

        var ruled = await Engine.RecommendAsync(request);
        Assert.Equal(5, ruled.Items.Count);
        Assert.Equal(5, ruled.Items.Select(i => Franchise.Key(i.Movie.Title)).Distinct().Count());
    }

    [Fact]
    public async Task APreferredGenreMovesItsMoviesUp_WithoutFilteringTheOthersOut()
    {
        var request = new HybridRequest { Query = "a long night in the city", YearFrom = 1990, YearTo = 1999, K = 10 };
        int Thrillers(HybridResult r) => r.Items.Count(i => i.Movie.Genres.Contains("Thriller"));
        var plain = await Engine.RecommendAsync(request);
        var preferred = await Engine.RecommendAsync(request with { PreferGenres = ["Thriller"] });
        var strong = await With(new HybridOptions { PreferredGenreBonus = 1 }).RecommendAsync(request with { PreferGenres = ["thriller"] });

        Assert.True(Thrillers(preferred) > Thrillers(plain), $"thrillers in the top 10: {Thrillers(plain)} -> {Thrillers(preferred)}");
        Assert.Equal(10, strong.Items.Count(i => i.Movie.Genres.Contains("Thriller")));
        var unboosted = await With(new HybridOptions { PreferredGenreBonus = 0 }).RecommendAsync(request with { PreferGenres = ["Thriller"] });
        Assert.Equal(plain.Items.Select(i => i.Movie.Id), unboosted.Items.Select(i => i.Movie.Id));
    }

    [Fact]
    public async Task AnAcclaimedRequestFavoursMoviesManyPeopleRatedHighly()
    {
        // a taste for one cult film would otherwise fill "the best sci-fi of the 80s" with its neighbours
        var request = new HybridRequest { LikedMovieIds = [Id("Trainspotting", 1996)], Genres = ["Sci-Fi"], YearFrom = 1980, YearTo = 1989, K = 10 };
        double Widely(HybridResult r) => r.Items.Average(i => Engine.Stats.Count(i.Movie.Id));
        var plain = await Engine.RecommendAsync(request);
        var acclaimed = await Engine.RecommendAsync(request with { Acclaimed = true });
        Assert.True(Widely(acclaimed) > 2 * Widely(plain), $"mean ratings per pick: {Widely(plain):0} -> {Widely(acclaimed):0}");
        Assert.True(acclaimed.Items.Average(i => i.Popularity) > plain.Items.Average(i => i.Popularity));
    }

    [Fact]
    public async Task AKidsRequestFavoursTheChildrenGenre()
    {
        var request = new HybridRequest { KidFriendly = true, Query = "a dark future city with cyborgs", K = 10 };
        int Children(HybridResult r) => r.Items.Count(i => i.Movie.Genres.Contains("Children"));
        var favoured = await Engine.RecommendAsync(request);
        var unboosted = await With(new HybridOptions { PreferredGenreBonus = 0 }).RecommendAsync(request);
        Assert.True(Children(favoured) > Children(unboosted), $"Children in the top 10: {Children(unboosted)} -> {Children(favoured)}");
    }

    [Fact]
    public async Task CloseToTheSeedIsClaimedOnlyForTheSeedsNearestMoviesInTheWholeCatalog()
    {
        var seed = Id("Sleepless in Seattle", 1993);
        var nearest = Engine.Content!.Index.Search(Engine.Content.Index.GetVector(seed), 51).Select(h => h.Id).ToHashSet();
        string Claim(int id) => $"its story and themes are close to {fixture.Engine.Catalog.Get(seed)!.Title}'s";

        // unfiltered and led by content, the seed's neighbours lead and say so
        var like = await With(new HybridOptions { CollaborativeWeight = 0 }).RecommendAsync(new HybridRequest { SeedMovieIds = [seed], K = 10 });
        Assert.Contains(like.Items, i => i.Facts.Contains(Claim(i.Movie.Id)));
        // a filter leaves none of them: the best of what is left is not called close
        var filtered = await Engine.RecommendAsync(new HybridRequest { LikedMovieIds = [seed], YearFrom = 2015, YearTo = 2015, K = 10 });
        Assert.NotEmpty(filtered.Items);
        foreach (var result in new[] { like, filtered })
            Assert.All(result.Items.Where(i => i.Facts.Contains(Claim(i.Movie.Id))), i => Assert.Contains(i.Movie.Id, nearest));
        Assert.DoesNotContain(filtered.Items, i => i.Facts.Contains(Claim(i.Movie.Id)) && !nearest.Contains(i.Movie.Id));
    }

    [Fact]
    public async Task LowerMmrLambda_GivesATopTenWhoseDescriptionsAreLessAlike()
    {
        var request = new HybridRequest { Query = "space adventure with aliens", K = 10, AllowSameFranchise = true };
        var relevanceOnly = await With(new HybridOptions { MmrLambda = 1 }).RecommendAsync(request);
        var diverse = await With(new HybridOptions { MmrLambda = 0.5 }).RecommendAsync(request);

        Assert.Equal(10, diverse.Items.Count);
        Assert.True(MeanSimilarity(diverse) < MeanSimilarity(relevanceOnly) - 0.01,
            $"mean pairwise similarity {MeanSimilarity(relevanceOnly):0.000} (lambda 1) -> {MeanSimilarity(diverse):0.000} (lambda 0.5)");
    }

    private double MeanSimilarity(HybridResult result)
    {
        var vectors = result.Items.Select(i => Engine.Content!.Index.GetVector(i.Movie.Id).ToArray()).ToList();
        var pairs = from a in Enumerable.Range(0, vectors.Count) from b in Enumerable.Range(a + 1, vectors.Count - a - 1) select TensorPrimitives.Dot(vectors[a], vectors[b]);
        return pairs.Average();
    }

    [Fact]
    public async Task ScorePartsAreNormalized_AndTheRatingFactsAreTrue()
    {
        const int UserId = 1;
        var result = await Engine.RecommendAsync(new HybridRequest { UserId = UserId, K = 10 });
        Assert.Equal(10, result.Items.Count);
        foreach (var item in result.Items)
            Assert.All(new[] { item.Score, item.Collaborative, item.Content, item.Sentiment, item.Popularity }, part => Assert.InRange(part, 0, 1));

        // "you rated Heat 5 stars; people who did rated this 4.4", recomputed from the raw ratings
        var ratings = fixture.Engine.Dataset.Ratings;
        var checkedFacts = 0;
        foreach (var item in result.Items)
            foreach (var fact in item.Facts)
            {
                if (YouRated().Match(fact) is not { Success: true } m) continue;
                var anchor = fixture.Engine.RatingsOf(UserId).Single(r => r.Movie.Title == m.Groups["title"].Value);
                Assert.Equal(float.Parse(m.Groups["yours"].Value, CultureInfo.InvariantCulture), anchor.Rating);
                var fans = ratings.Where(r => r.MovieId == anchor.Movie.Id && r.Value >= 4).Select(r => r.UserId).ToHashSet();
                var mean = ratings.Where(r => r.MovieId == item.Movie.Id && fans.Contains(r.UserId)).Average(r => r.Value);
                Assert.Equal(mean.ToString("0.0", CultureInfo.InvariantCulture), m.Groups["theirs"].Value);
                checkedFacts++;
            }
        Assert.True(checkedFacts >= 5, $"only {checkedFacts} of user {UserId}'s results say what they rated");
    }

    [GeneratedRegex(@"^you rated (?<title>.+) (?<yours>\d(\.\d)?) stars; people who did rated this (?<theirs>\d\.\d)$")]
    private static partial Regex YouRated();

    [Fact]
    public async Task TasteNeighbourStrategy_RanksOnlyThePromptsTopMovies_ByTheirNeighboursRatings()
    {
        const string Query = "space adventure with aliens";
        var result = await With(new HybridOptions { Strategy = HybridStrategy.TasteNeighbours }).RecommendAsync(new HybridRequest { Query = Query, K = 10 });
        Assert.Equal(10, result.Items.Count);

        var prompt = (await Engine.Content!.EmbedAsync(Query))!;
        var top500 = Engine.Content.Index.Search(prompt, 500).Select(h => h.Id).ToHashSet();
        Assert.All(result.Items, i => Assert.Contains(i.Movie.Id, top500));

        var scored = new TasteNeighbourStrategy(fixture.Engine.Ratings, Engine.Content).Score(prompt, _ => true);
        Assert.InRange(scored.Count, 10, 500);
        Assert.All(scored, s => Assert.InRange(s.Score, 0.5, 5)); // a mean of star ratings
        Assert.NotEqual(
            (await Engine.RecommendAsync(new HybridRequest { Query = Query, K = 10 })).Items.Select(i => i.Movie.Id),
            result.Items.Select(i => i.Movie.Id)); // a strategy of its own, not the blend under another name
    }
}
