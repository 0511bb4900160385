using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Service;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Everything the surfaces need: engine options (section "Engine") and hybrid weights ("Hybrid"), the engine
    /// provider, the SQLite stores ("Stores:Path", default data/movierec.db), prompts ("Prompts:Folder"), the LLM
    /// ("Llm"), and the chat, movie and email services. Options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddMovieRecServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HybridOptions>().Bind(configuration.GetSection(HybridOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChatServiceOptions>().Bind(configuration.GetSection(ChatServiceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EngineProvider>();
        services.AddHttpClient(EngineBuilder.EmbeddingHttpClientName);

        var dataDirectory = configuration.GetSection(EngineOptions.Section)[nameof(EngineOptions.DataDirectory)] ?? "data";
        services.AddSqliteStores(o =>
        {
            o.Path = configuration["Stores:Path"] ?? Path.Combine(dataDirectory, "movierec.db");
        });

        // a missing or broken prompt is an error at start-up, not a blank in production
        services.AddOptions<PromptOptions>().Bind(configuration.GetSection(PromptOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PromptOptions>, PromptOptionsValidator>());
        services.TryAddSingleton(sp => PromptLibrary.Load(PromptLibrary.ResolveFolder(sp.GetRequiredService<IOptions<PromptOptions>>().Value.Folder)));
        services.AddMovieRecLlm(configuration);

        services.TryAddSingleton<IChatService, ChatService>();
        services.TryAddSingleton<IMovieService, MovieService>();
        services.AddMovieRecEmail(configuration);
        return services;
    }
}
