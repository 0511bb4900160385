using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Stores;

public sealed class FeedbackStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string DbPath => _dir.File("data/movierec.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RecordsEverySignalAndListsThemOldestFirst()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteFeedbackStore(db);
        var alice = FeedbackSubject.ForUser(42);
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, 123, TimeSpan.FromHours(2));

        var liked = await store.AddAsync(Feedback.Liked(alice, 1) with { Timestamp = at });
        await store.AddAsync(Feedback.Disliked(alice, 2));
        await store.AddAsync(Feedback.Watched(alice, 3));
        await store.AddAsync(Feedback.Rated(alice, 4, 3.5f));
        await store.AddAsync(Feedback.Liked(FeedbackSubject.ForSession("s-1"), 9)); // someone else

        var list = await store.ListAsync(alice);
        Assert.Equal([1, 2, 3, 4], list.Select(f => f.MovieId));
        Assert.Equal([FeedbackSignal.Liked, FeedbackSignal.Disliked, FeedbackSignal.Watched, FeedbackSignal.Rating], list.Select(f => f.Signal));
        Assert.Equal(3.5f, list[3].Value);
        Assert.Null(list[0].Value);
        Assert.All(list, f => Assert.Equal(alice, f.Subject));
        Assert.Equal(liked.Id, list[0].Id);
        Assert.True(liked.Id > 0);
        Assert.Equal(at, list[0].Timestamp);           // same instant, millisecond precision
        Assert.Equal(TimeSpan.Zero, list[0].Timestamp.Offset);
        Assert.Equal(42, list[0].Subject.UserId);

        var session = Assert.Single(await store.ListAsync(FeedbackSubject.ForSession("s-1")));
        Assert.Equal(FeedbackSubjectKind.Session, session.Subject.Kind);
        Assert.Null(session.Subject.UserId);
        Assert.Empty(await store.ListAsync(FeedbackSubject.ForUser(7)));
    }

    [Fact]
    public async Task UndoRemovesTheNewestEntryOfThatSubjectOnly()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteFeedbackStore(db);
        var user = FeedbackSubject.ForUser(1);
        var other = FeedbackSubject.ForUser(2);
        await store.AddAsync(Feedback.Liked(user, 10));
        await store.AddAsync(Feedback.Rated(user, 11, 4f));
        await store.AddAsync(Feedback.Liked(other, 12));

        var undone = await store.UndoLastAsync(user);
        Assert.NotNull(undone);
        Assert.Equal(11, undone.MovieId);
        Assert.Equal(4f, undone.Value);
        Assert.Equal([10], (await store.ListAsync(user)).Select(f => f.MovieId));
        Assert.Equal(10, (await store.UndoLastAsync(user))!.MovieId);
        Assert.Null(await store.UndoLastAsync(user));
        Assert.Single(await store.ListAsync(other));
    }

    [Fact]
    public async Task RemoveIsScopedToTheSubject()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteFeedbackStore(db);
        var user = FeedbackSubject.ForUser(1);
        var entry = await store.AddAsync(Feedback.Liked(user, 10));
        await store.AddAsync(Feedback.Watched(user, 20));
        await store.AddAsync(Feedback.Rated(user, 20, 2f));

        Assert.False(await store.RemoveAsync(FeedbackSubject.ForUser(2), entry.Id)); // not theirs
        Assert.True(await store.RemoveAsync(user, entry.Id));
        Assert.False(await store.RemoveAsync(user, entry.Id));
        Assert.Equal(2, await store.RemoveForMovieAsync(user, 20));
        Assert.Empty(await store.ListAsync(user));
    }

    [Fact]
    public async Task InconsistentFeedbackIsRejected()
    {
        using var db = new SqliteDatabase(DbPath);
        var store = new SqliteFeedbackStore(db);
        var user = FeedbackSubject.ForUser(1);
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(new Feedback { Subject = user, MovieId = 1, Signal = FeedbackSignal.Rating }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Feedback.Rated(user, 1, 7f)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync(Feedback.Liked(user, 1) with { Value = 3f }));
        Assert.Throws<ArgumentException>(() => FeedbackSubject.ForSession(" "));
        Assert.Empty(await store.ListAsync(user));
    }

    [Fact]
    public async Task ParallelWritesFromManyTasksAndTwoInstancesAreAllPersisted()
    {
        const int Tasks = 8, PerTask = 25;
        using var db1 = new SqliteDatabase(DbPath);
        using var db2 = new SqliteDatabase(DbPath); // a second "process" on the same file
        IFeedbackStore[] stores = [new SqliteFeedbackStore(db1), new SqliteFeedbackStore(db2)];

        var ids = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var written = new List<long>();
            for (var i = 0; i < PerTask; i++)
                written.Add((await stores[t % 2].AddAsync(Feedback.Rated(FeedbackSubject.ForUser(t), 1000 + i, 0.5f + i % 10 * 0.5f))).Id);
            return written;
        })));

        Assert.Equal(Tasks * PerTask, ids.SelectMany(x => x).Distinct().Count());
        for (var t = 0; t < Tasks; t++)
        {
            var list = await stores[(t + 1) % 2].ListAsync(FeedbackSubject.ForUser(t));
            Assert.Equal(Enumerable.Range(1000, PerTask), list.Select(f => f.MovieId)); // each task's order is kept
        }
    }

    [Fact]
    public async Task ANewInstanceOnTheSameFileSeesEverything()
    {
        var user = FeedbackSubject.ForSession("abc");
        using (var db = new SqliteDatabase(DbPath))
        {
            var store = new SqliteFeedbackStore(db);
            await store.AddAsync(Feedback.Liked(user, 1));
            await store.AddAsync(Feedback.Rated(user, 2, 5f));
        }
        using (var db = new SqliteDatabase(new SqliteStoreOptions { Path = DbPath }))
        {
            var list = await new SqliteFeedbackStore(db).ListAsync(user);
            Assert.Equal([1, 2], list.Select(f => f.MovieId));
            Assert.Equal(5f, list[1].Value);
        }
    }
}
