using MovieRec.Agent.Tools;
using MovieRec.Core.Stores;
using MovieRec.Engine.Hybrid;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Tools;

/// <summary>Issue 5's feedback loop: what a user says changes the very next answer.</summary>
[Collection(EngineCollection.Name)]
public sealed class FeedbackLoopTests(EngineFixture fixture) : IDisposable
{
    private readonly TempDir _temp = new();

    private MovieTools NewSession(int? userId = null)
    {
        var store = new SqliteFeedbackStore(new SqliteDatabase(_temp.File("feedback.db")));
        return new MovieTools(fixture.Engine, store, new TurnContext(ChatSession.Start(userId), []));
    }

    [Fact]
    public async Task AfterDislikingEveryHorrorTitleShown_TheNextTopTenHasNoHorror_UnlessAskedFor()
    {
        var tools = NewSession();
        var request = new HybridRequest { Query = "a lonely night in an old town", K = 10 };
        var first = await tools.RunAsync(request);
        var horror = first.Movies.Where(m => m.Genres.Contains("Horror")).ToList();
        Assert.True(horror.Count >= 2, "the first answer should show some horror for this test to mean anything");
        foreach (var m in horror) await tools.RecordAsync(fixture.Engine.Catalog.Get(m.MovieId)!, FeedbackSignal.Disliked);

        var next = await tools.RunAsync(request);
        Assert.Equal(10, next.Movies.Count);
        Assert.DoesNotContain(next.Movies, m => m.Genres.Contains("Horror"));
        Assert.DoesNotContain(next.Movies, m => horror.Any(h => h.MovieId == m.MovieId));

        var asked = await tools.RunAsync(request with { Genres = ["Horror"] });
        Assert.NotEmpty(asked.Movies);
        Assert.All(asked.Movies, m => Assert.Contains("Horror", m.Genres));
        Assert.DoesNotContain(asked.Movies, m => horror.Any(h => h.MovieId == m.MovieId)); // disliked titles stay out
    }

    [Fact]
    public async Task TheGenrePreferenceToolKeepsADislikedGenreOutAndRejectsBadArguments()
    {
        var tools = NewSession();
        var request = new HybridRequest { Query = "a lonely night in an old town", K = 10 };
        Assert.Contains((await tools.RunAsync(request)).Movies, m => m.Genres.Contains("Horror"));

        var noted = tools.RecordGenrePreference("horror", "Disliked");
        Assert.True(noted.Recorded, noted.Message);
        Assert.Equal("Horror", noted.Genre);
        Assert.Equal(["Horror"], tools.Context.Session.Preferences.DislikedGenres);
        Assert.DoesNotContain((await tools.RunAsync(request)).Movies, m => m.Genres.Contains("Horror"));

        Assert.True(tools.RecordGenrePreference("Horror", "liked").Recorded); // a change of mind replaces the dislike, and favours the genre
        var liked = (await tools.RunAsync(request with { K = 50 })).Movies;
        var before = (await NewSession().RunAsync(request with { K = 50 })).Movies;
        Assert.True(liked.Take(10).Count(m => m.Genres.Contains("Horror")) > before.Take(10).Count(m => m.Genres.Contains("Horror")),
            $"horror in the top 10: {before.Take(10).Count(m => m.Genres.Contains("Horror"))} -> {liked.Take(10).Count(m => m.Genres.Contains("Horror"))}");
        Assert.Empty(tools.Context.Session.Preferences.DislikedGenres);
        Assert.Contains("Unknown genre", tools.RecordGenrePreference("space opera noir", "liked").Message, StringComparison.Ordinal);
        Assert.Contains("liked, disliked", tools.RecordGenrePreference("Drama", "meh").Message, StringComparison.Ordinal);
        Assert.False(tools.RecordGenrePreference(" ", "liked").Recorded);
        Assert.Contains(tools.AsFunctions(), f => f.Name == "record_genre_preference");
    }

    [Fact]
    public async Task SearchMoviesByPersonKeepsToTheirFilms_AndNamesAnUnknownPerson()
    {
        var tools = NewSession();
        var hanks = Assert.Single(fixture.Engine.Catalog.People.FindIn("Tom Hanks")).MovieIds;
        var found = await tools.SearchMovies(query: "war", person: "tom hanks", limit: 10);
        Assert.NotEmpty(found.Movies);
        Assert.All(found.Movies, m => Assert.Contains(m.MovieId, hanks));

        var unknown = await tools.SearchMovies(person: "Nobody Atall");
        Assert.Empty(unknown.Movies);
        Assert.Contains("No actor or director named", unknown.Note, StringComparison.Ordinal);
    }

    /// <summary>The mean position of <paramref name="ids"/> in a ranking (its length for those not in it).</summary>
    private static double MeanRank(List<int> ranking, IEnumerable<int> ids) => ids.Average(id => ranking.IndexOf(id) is var i && i >= 0 ? i : ranking.Count);

    [Fact]
    public async Task AfterLikingAMovie_ItsNearestNeighboursMoveUp()
    {
        var tools = NewSession(userId: 1);
        var request = new HybridRequest { K = 100, AllowSameFranchise = true };
        var before = (await tools.RunAsync(request)).Movies.Select(m => m.MovieId).ToList();

        var liked = fixture.Engine.Catalog.Find("Toy Story", 1995, 1)[0].Movie;
        var neighbours = (await NewSession().RunAsync(new HybridRequest { SeedMovieIds = [liked.Id], K = 10 })).Movies.Select(m => m.MovieId).ToList();
        await tools.RecordAsync(liked, FeedbackSignal.Liked);
        var after = (await tools.RunAsync(request)).Movies.Select(m => m.MovieId).ToList();

        Assert.True(MeanRank(after, neighbours) < MeanRank(before, neighbours),
            $"neighbours of {liked.Title} did not move up: mean rank {MeanRank(before, neighbours):0.0} -> {MeanRank(after, neighbours):0.0}");
    }

    [Fact]
    public async Task ARatingFeedsTheFoldIn_FiveStarsLiftItsNeighboursAboveHalfAStar()
    {
        var request = new HybridRequest { K = 100, AllowSameFranchise = true };
        var rated = fixture.Engine.Catalog.Find("Toy Story", 1995, 1)[0].Movie;
        var neighbours = (await NewSession().RunAsync(new HybridRequest { SeedMovieIds = [rated.Id], K = 10 })).Movies.Select(m => m.MovieId).ToList();

        async Task<List<int>> After(float stars)
        {
            var tools = NewSession(userId: 1);
            await tools.RecordAsync(rated, FeedbackSignal.Rating, stars);
            return [.. (await tools.RunAsync(request)).Movies.Select(m => m.MovieId)];
        }
        var (loved, hated) = (await After(5), await After(0.5f));

        Assert.True(MeanRank(loved, neighbours) < MeanRank(hated, neighbours),
            $"neighbours of {rated.Title}: mean rank {MeanRank(loved, neighbours):0.0} after 5 stars, {MeanRank(hated, neighbours):0.0} after 0.5");
    }

    [Fact]
    public async Task DislikedAndWatchedMoviesDisappearAtOnce()
    {
        var tools = NewSession(userId: 1);
        var first = (await tools.RunAsync(new HybridRequest { K = 5 })).Movies;
        await tools.RecordAsync(fixture.Engine.Catalog.Get(first[0].MovieId)!, FeedbackSignal.Disliked);
        await tools.RecordAsync(fixture.Engine.Catalog.Get(first[1].MovieId)!, FeedbackSignal.Watched);
        var next = (await tools.RunAsync(new HybridRequest { K = 5 })).Movies.Select(m => m.MovieId).ToList();
        Assert.DoesNotContain(first[0].MovieId, next);
        Assert.DoesNotContain(first[1].MovieId, next);
    }

    [Fact]
    public async Task ANewUserWhoNamesThreeMoviesGetsPersonalizedResults()
    {
        var tools = NewSession();
        var popular = (await tools.RunAsync(new HybridRequest { K = 10 })).Movies.Select(m => m.MovieId).ToList();
        foreach (var title in new[] { "Toy Story", "Finding Nemo", "Monsters, Inc." })
            await tools.RecordAsync(fixture.Engine.Catalog.Find(title, limit: 1)[0].Movie, FeedbackSignal.Liked);
        var personal = (await tools.RunAsync(new HybridRequest { K = 10 })).Movies;
        Assert.NotEqual(popular, personal.Select(m => m.MovieId).ToList());
        Assert.True(personal.Count(m => m.Genres.Contains("Animation") || m.Genres.Contains("Children")) >= 5,
            "three animated favourites should steer a new user's picks towards family animation");
    }

    [Fact]
    public async Task ContradictoryConstraintsGiveAnEmptyResultWithAReason()
    {
        var result = await NewSession().RunAsync(new HybridRequest { YearFrom = 2000, YearTo = 1990 });
        Assert.Empty(result.Movies);
        Assert.Contains("period", result.Note);
    }

    [Fact]
    public void AnUnknownTitleGetsSuggestions()
    {
        var (movie, error) = NewSession().ResolveTitle("Trainspoting zzz qqq");
        if (movie is null) Assert.NotEmpty(error!.Suggestions!);
        else Assert.Equal("Trainspotting", movie.Title);
        var (none, miss) = NewSession().ResolveTitle("qwertyuiop asdfghjkl");
        Assert.Null(none);
        Assert.Contains("No movie titled", miss!.Error);
    }

    public void Dispose() => _temp.Dispose();
}
