using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MovieRec.Core.Stores;

public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers the SQLite feedback and session stores (one shared <see cref="SqliteDatabase"/>, singletons).</summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services, Action<SqliteStoreOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteStoreOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SqliteStoreOptions>>()));
        services.TryAddSingleton<IFeedbackStore, SqliteFeedbackStore>();
        services.TryAddSingleton<ISessionStore>(sp => new SqliteSessionStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
