using Microsoft.Extensions.DependencyInjection;
using MovieRec.Core.Stores;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Stores;

public sealed class StoreRegistrationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AddSqliteStoresRegistersBothStoresOnOneConfiguredFile()
    {
        var path = _dir.File("db/custom.db");
        await using (var provider = new ServiceCollection().AddSqliteStores(o => o.Path = path).BuildServiceProvider())
        {
            var database = provider.GetRequiredService<SqliteDatabase>();
            Assert.Equal(path, database.Path);
            Assert.Same(provider.GetRequiredService<IFeedbackStore>(), provider.GetRequiredService<IFeedbackStore>());
            await provider.GetRequiredService<IFeedbackStore>().AddAsync(Feedback.Liked(FeedbackSubject.ForUser(1), 2));
            await provider.GetRequiredService<ISessionStore>().SaveAsync(new ChatSession { Id = "s" });
        }
        Assert.True(File.Exists(path));

        await using var defaults = new ServiceCollection().AddSqliteStores().BuildServiceProvider();
        Assert.Equal(Path.GetFullPath(SqliteStoreOptions.DefaultPath), defaults.GetRequiredService<SqliteDatabase>().Path);
    }
}
