using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Hosting;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Chat;

/// <summary>The chat service with the offline responder: a stateless history means what a saved session means.</summary>
[Collection(EngineCollection.Name)]
public sealed class ChatServiceOfflineTests(EngineFixture fixture) : IDisposable
{
    private readonly TempDir _temp = new();

    /// <summary>
    /// The chat services as the surfaces build them (DI), over the shared engine, with stores in <paramref name="temp"/>,
    /// the repository's prompts and the given settings.
    /// </summary>
    internal static ServiceProvider Services(EngineFixture fixture, TempDir temp, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? [])
        {
            ["Stores:Path"] = temp.File("movierec.db"),
            ["Prompts:Folder"] = Path.Combine(SharedData.RepoRoot, "prompts"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMovieRecServices(configuration).BuildServiceProvider();
        services.GetRequiredService<EngineProvider>().Set(fixture.Engine);
        return services;
    }

    [Fact]
    public async Task AFollowUpWithTheHistoryInTheRequest_AnswersAsInASavedSession()
    {
        await using var services = Services(fixture, _temp);
        var chat = services.GetRequiredService<IChatService>();
        const string First = "something like Heat but less violent, from the 90s", FollowUp = "more like the second one";

        var opening = await chat.ChatAsync(new ChatRequest { SessionId = "saved", Message = First });
        var saved = await chat.ChatAsync(new ChatRequest { SessionId = "saved", Message = FollowUp });
        var stateless = await chat.ChatAsync(new ChatRequest
        {
            Message = FollowUp,
            Messages = [new ChatTurn("user", First), new ChatTurn("assistant", opening.Reply)],
        });

        Assert.Equal(5, saved.Recommendations.Count);
        Assert.Contains(opening.Recommendations[1].Title, saved.Reply, StringComparison.Ordinal); // "like <the second one>"
        Assert.Equal(saved.Reply, stateless.Reply);
        Assert.Equal(saved.Recommendations.Select(r => r.MovieId), stateless.Recommendations.Select(r => r.MovieId));
    }

    [Fact]
    public async Task AGenreTheUserCannotStandStaysOutOfLaterTopicsUntilAskedFor()
    {
        await using var services = Services(fixture, _temp);
        var chat = services.GetRequiredService<IChatService>();
        var sessions = services.GetRequiredService<Core.Stores.ISessionStore>();
        var movies = fixture.Engine.Catalog;
        bool IsHorror(MovieRecommendation r) => movies.Get(r.MovieId)!.Genres.Contains("Horror");

        var first = await chat.ChatAsync(new ChatRequest { SessionId = "tastes", Message = "I can't stand horror. Something tense from the 90s" });
        Assert.StartsWith("Noted:", first.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Recommendations, IsHorror);
        Assert.Contains("Horror", (await sessions.LoadAsync("tastes"))!.Preferences.DislikedGenres);

        // a new topic whose neighbours are mostly horror: the stated dislike still applies, and the reply says so
        var later = await chat.ChatAsync(new ChatRequest { SessionId = "tastes", Message = "something like Alien" });
        Assert.NotEmpty(later.Recommendations);
        Assert.DoesNotContain(later.Recommendations, IsHorror);
        Assert.Contains("without Horror", later.Reply, StringComparison.Ordinal);

        var asked = await chat.ChatAsync(new ChatRequest { SessionId = "tastes", Message = "ok, show me horror movies" });
        Assert.All(asked.Recommendations, r => Assert.True(IsHorror(r), r.Title));

        // without the stated taste, the same topic does bring horror (so the check above can fail)
        var fresh = await chat.ChatAsync(new ChatRequest { SessionId = "no-tastes", Message = "something like Alien" });
        Assert.Contains(fresh.Recommendations, IsHorror);

        // a stateless request with the same history remembers the taste too
        var stateless = await chat.ChatAsync(new ChatRequest
        {
            Message = "something like Alien",
            Messages = [new ChatTurn("user", "I can't stand horror. Something tense from the 90s"), new ChatTurn("assistant", first.Reply)],
        });
        Assert.Equal(later.Recommendations.Select(r => r.MovieId), stateless.Recommendations.Select(r => r.MovieId));
    }

    [Fact]
    public async Task MoviesWithAnActor_AreHisMovies_AndTwoActorsGiveTheMoviesWithBoth()
    {
        await using var services = Services(fixture, _temp);
        var chat = services.GetRequiredService<IChatService>();
        var people = fixture.Engine.Catalog.People;
        var hanks = Assert.Single(people.FindIn("Tom Hanks")).MovieIds;
        var ryan = Assert.Single(people.FindIn("Meg Ryan")).MovieIds;

        var his = await chat.ChatAsync(new ChatRequest { Message = "movies with Tom Hanks" });
        Assert.Equal(5, his.Recommendations.Count);
        Assert.All(his.Recommendations, r => Assert.Contains(r.MovieId, hanks));
        Assert.Contains("with Tom Hanks", his.Reply, StringComparison.Ordinal);

        var both = await chat.ChatAsync(new ChatRequest { SessionId = "both", Message = "a comedy with Tom Hanks and Meg Ryan" });
        Assert.NotEmpty(both.Recommendations);
        Assert.InRange(both.Recommendations.Count, 1, 4); // the test needs them all on one page
        Assert.All(both.Recommendations, r => Assert.True(hanks.Contains(r.MovieId) && ryan.Contains(r.MovieId), r.Title));

        var more = await chat.ChatAsync(new ChatRequest { SessionId = "both", Message = "more" });
        Assert.Empty(more.Recommendations);
        Assert.StartsWith("That's all the movies with Tom Hanks and Meg Ryan", more.Reply, StringComparison.Ordinal);

        // a person and conditions none of their films meets: how many are known, and what did not fit
        var none = await chat.ChatAsync(new ChatRequest { SessionId = "none", Message = "horror with Tom Hanks" });
        Assert.Empty(none.Recommendations);
        Assert.StartsWith($"I know {hanks.Count} movies with Tom Hanks, but none of them fits the rest of what you asked (in Horror)", none.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerOnes_KeepTheRequestAndComeAfterTheNewestShown_AndOnlyAGenreNarrowsIt()
    {
        await using var services = Services(fixture, _temp);
        var chat = services.GetRequiredService<IChatService>();
        var first = await chat.ChatAsync(new ChatRequest { SessionId = "era", Message = "something like Heat" });
        var newest = first.Recommendations.Max(r => r.Year)!.Value;
        var newer = await chat.ChatAsync(new ChatRequest { SessionId = "era", Message = "newer ones" });
        Assert.Equal(5, newer.Recommendations.Count);
        Assert.All(newer.Recommendations, r => Assert.True(r.Year > newest, $"{r.Title} ({r.Year}) is not after {newest}"));
        Assert.Contains("like Heat", newer.Reply, StringComparison.Ordinal);

        var comedies = await chat.ChatAsync(new ChatRequest { SessionId = "era", Message = "only comedies please" });
        Assert.All(comedies.Recommendations, r => Assert.Contains("Comedy", r.Genres));
        Assert.All(comedies.Recommendations, r => Assert.True(r.Year > newest));
        Assert.Contains("like Heat", comedies.Reply, StringComparison.Ordinal);

        // with nothing shown yet, the same words are a request of their own
        var fresh = await chat.ChatAsync(new ChatRequest { Message = "only comedies please" });
        Assert.Equal(5, fresh.Recommendations.Count);
        Assert.All(fresh.Recommendations, r => Assert.Contains("Comedy", r.Genres));
    }

    [Fact]
    public async Task DislikingAnEarlierPick_RecordsIt_AndShowsOtherPicksForTheSameRequest()
    {
        await using var services = Services(fixture, _temp);
        var chat = services.GetRequiredService<IChatService>();
        var first = await chat.ChatAsync(new ChatRequest { SessionId = "verdict", Message = "a romantic comedy from the 90s" });
        var next = await chat.ChatAsync(new ChatRequest { SessionId = "verdict", Message = "I didn't like the first one" });

        Assert.Equal(5, next.Recommendations.Count);
        Assert.DoesNotContain(next.Recommendations, r => first.Recommendations.Any(f => f.MovieId == r.MovieId));
        Assert.All(next.Recommendations, r => Assert.InRange(r.Year ?? 0, 1990, 1999)); // still the same request
        var feedback = services.GetRequiredService<Core.Stores.IFeedbackStore>();
        var recorded = Assert.Single(await feedback.ListAsync(Core.Stores.FeedbackSubject.ForSession("verdict")));
        Assert.Equal((first.Recommendations[0].MovieId, Core.Stores.FeedbackSignal.Disliked), (recorded.MovieId, recorded.Signal));

        // "seen it" is recorded as watched, and also brings other picks for the same request
        var seen = await chat.ChatAsync(new ChatRequest { SessionId = "verdict", Message = "I've seen the second one" });
        Assert.Equal(5, seen.Recommendations.Count);
        Assert.All(seen.Recommendations, r => Assert.InRange(r.Year ?? 0, 1990, 1999));
        Assert.DoesNotContain(seen.Recommendations, r => next.Recommendations.Any(f => f.MovieId == r.MovieId));
        var watched = Assert.Single(await feedback.ListAsync(Core.Stores.FeedbackSubject.ForSession("verdict")), f => f.Signal == Core.Stores.FeedbackSignal.Watched);
        Assert.Equal(next.Recommendations[1].MovieId, watched.MovieId);
    }

    public void Dispose() => _temp.Dispose();
}
