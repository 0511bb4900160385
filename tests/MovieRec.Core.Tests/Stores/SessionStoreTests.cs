using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Stores;

public sealed class SessionStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero));
    private string DbPath => _dir.File("movierec.db");

    public void Dispose() => _dir.Dispose();

    private static ChatSession NewSession(string id, int? userId = null) => new() { Id = id, UserId = userId, CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero) };

    [Fact]
    public async Task SessionRoundTripsWithPreferencesAndHistory()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteSessionStore(db, _time);
        var session = NewSession("s1", userId: 7);
        session.Preferences.LikeMovie(1);
        session.Preferences.DislikeMovie(2);
        session.Preferences.LikeGenre("Sci-Fi");
        session.Preferences.DislikeGenre("Horror");
        session.Preferences.AddNote("watching with kids, nothing over two hours");
        var at = new DateTimeOffset(2026, 11, 22, 6, 0, 0, 500, TimeSpan.Zero);
        session.Messages.Add(SessionMessage.User("Something like Alien (1979)? 👽", at));
        session.Messages.Add(SessionMessage.Tool("search_movies", """{"ids":[1,2]}""", at));
        session.Messages.Add(SessionMessage.Assistant("Try **Aliens**.", """[{"movieId":1200,"score":0.9}]""", at));
        await store.SaveAsync(session);

        var loaded = await store.LoadAsync("s1");
        Assert.NotNull(loaded);
        Assert.Equal(7, loaded.UserId);
        Assert.Equal(session.CreatedAt, loaded.CreatedAt);
        Assert.Equal(_time.GetUtcNow(), loaded.UpdatedAt);
        Assert.Equal([1], loaded.Preferences.LikedMovieIds);
        Assert.Equal([2], loaded.Preferences.DislikedMovieIds);
        Assert.Equal(["Sci-Fi"], loaded.Preferences.LikedGenres);
        Assert.Equal(["Horror"], loaded.Preferences.DislikedGenres);
        Assert.Equal(["watching with kids, nothing over two hours"], loaded.Preferences.Notes);
        Assert.Equal(session.Messages, loaded.Messages); // records: role, content, timestamp, payload
        Assert.Equal(3, loaded.PersistedMessageCount);
        Assert.Null(await store.LoadAsync("unknown"));
    }

    [Fact]
    public async Task SavingAgainAppendsOnlyNewMessagesAndUpdatesPreferences()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteSessionStore(db, _time);
        var session = NewSession("s1");
        session.Messages.Add(SessionMessage.User("hi"));
        await store.SaveAsync(session);

        var loaded = (await store.LoadAsync("s1"))!;
        loaded.Messages.Add(SessionMessage.Assistant("hello"));
        loaded.Preferences.LikeMovie(5);
        loaded.Preferences.DislikeMovie(5); // a dislike replaces the like
        loaded.UserId = 3;
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.SaveAsync(loaded);
        await store.SaveAsync(loaded); // nothing new: no duplicates

        var again = (await store.LoadAsync("s1"))!;
        Assert.Equal(["hi", "hello"], again.Messages.Select(m => m.Content));
        Assert.Empty(again.Preferences.LikedMovieIds);
        Assert.Equal([5], again.Preferences.DislikedMovieIds);
        Assert.Equal(3, again.UserId);
        Assert.Equal(_time.GetUtcNow(), again.UpdatedAt);

        again.Messages.RemoveAt(0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(again));
    }

    [Fact]
    public async Task ParallelAppendsAreAllKeptInEachWritersOrder()
    {
        const int Writers = 6, PerWriter = 20;
        using var db1 = new SqliteDatabase(DbPath);
        using var db2 = new SqliteDatabase(DbPath);
        ISessionStore[] stores = [new SqliteSessionStore(db1), new SqliteSessionStore(db2)];
        await stores[0].SaveAsync(NewSession("shared"));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
                Assert.True(await stores[w % 2].AppendAsync("shared", [SessionMessage.User($"{w}:{i}")]));
        })));

        var loaded = (await stores[1].LoadAsync("shared"))!;
        Assert.Equal(Writers * PerWriter, loaded.Messages.Count);
        for (var w = 0; w < Writers; w++)
        {
            var mine = loaded.Messages.Select(m => m.Content).Where(c => c.StartsWith($"{w}:", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, PerWriter).Select(i => $"{w}:{i}"), mine);
        }
        Assert.False(await stores[0].AppendAsync("missing", [SessionMessage.User("x")]));
    }

    [Fact]
    public async Task ListsRecentSessionsAndDeletes()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteSessionStore(db, _time);
        foreach (var (id, user) in new[] { ("a", (int?)1), ("b", null), ("c", 1) })
        {
            var s = NewSession(id, user);
            s.Messages.Add(SessionMessage.User("q " + id));
            await store.SaveAsync(s);
            _time.Advance(TimeSpan.FromSeconds(10));
        }
        await store.AppendAsync("a", [SessionMessage.Assistant("answer")]); // "a" becomes the most recent

        var recent = await store.ListRecentAsync();
        Assert.Equal(["a", "c", "b"], recent.Select(s => s.Id));
        Assert.Equal(2, recent[0].MessageCount);
        Assert.Equal(["a", "c"], (await store.ListRecentAsync(limit: 2)).Select(s => s.Id));
        Assert.Equal(["a", "c"], (await store.ListRecentAsync(userId: 1)).Select(s => s.Id));

        Assert.True(await store.DeleteAsync("a"));
        Assert.False(await store.DeleteAsync("a"));
        Assert.Null(await store.LoadAsync("a"));
        Assert.Equal(["c", "b"], (await store.ListRecentAsync()).Select(s => s.Id));

        // A new session with the old id starts empty: no orphan messages were left behind.
        await store.SaveAsync(NewSession("a"));
        Assert.Empty((await store.LoadAsync("a"))!.Messages);
    }

    [Fact]
    public async Task DeletingASessionForgetsTheFeedbackGivenAsThatSession_NotAUsersOrAnotherSessions()
    {
        using var db = new SqliteDatabase(DbPath);
        var sessions = new SqliteSessionStore(db, _time);
        var feedback = new SqliteFeedbackStore(db);
        await sessions.SaveAsync(NewSession("gone", userId: 7));
        foreach (var subject in new[] { FeedbackSubject.ForSession("gone"), FeedbackSubject.ForSession("kept"), FeedbackSubject.ForUser(7) })
            await feedback.AddAsync(new Feedback { Subject = subject, MovieId = 1, Signal = FeedbackSignal.Liked });

        Assert.True(await sessions.DeleteAsync("gone"));

        Assert.Empty(await feedback.ListAsync(FeedbackSubject.ForSession("gone")));
        Assert.Single(await feedback.ListAsync(FeedbackSubject.ForSession("kept")));
        Assert.Single(await feedback.ListAsync(FeedbackSubject.ForUser(7)));
    }

    [Fact]
    public async Task ANewInstanceOnTheSameFileSeesEverything()
    {
        using (var db = new SqliteDatabase(DbPath))
        {
            var s = NewSession("persist", 9);
            s.Preferences.LikeGenre("Drama");
            s.Messages.Add(SessionMessage.User("hello"));
            await new SqliteSessionStore(db).SaveAsync(s);
        }
        using (var db = new SqliteDatabase(DbPath))
        {
            var loaded = (await new SqliteSessionStore(db).LoadAsync("persist"))!;
            Assert.Equal(9, loaded.UserId);
            Assert.Equal(["Drama"], loaded.Preferences.LikedGenres);
            Assert.Equal("hello", Assert.Single(loaded.Messages).Content);
        }
    }

    [Fact]
    public async Task BadInputIsRejectedWithAClearError()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteSessionStore(db);
        var s = NewSession("s");
        s.Messages.Add(SessionMessage.Assistant("x", payloadJson: "{not json"));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(s));
        Assert.Contains("not valid JSON", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(""));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(new string('x', 201)));
        Assert.Null(await store.LoadAsync("s"));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
