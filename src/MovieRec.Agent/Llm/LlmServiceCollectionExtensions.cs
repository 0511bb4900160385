using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MovieRec.Agent.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LlmOptions"/> from the section <c>Llm</c> (validated at start-up), registers the
    /// named HttpClient and, when a provider is configured, an <see cref="IChatClient"/>, unless the app
    /// registered its own IChatClient before (that one wins).
    /// </summary>
    public static IServiceCollection AddMovieRecLlm(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LlmOptions.SectionName);
        services.AddOptions<LlmOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.AddHttpClient(ChatClientFactory.HttpClientName);

        var options = section.Get<LlmOptions>() ?? new LlmOptions();
        if (options.IsEnabled)
            services.TryAddSingleton<IChatClient>(sp => ChatClientFactory.Create(
                sp.GetRequiredService<IOptions<LlmOptions>>().Value,
                sp.GetRequiredService<IHttpClientFactory>(),
                sp.GetService<ILoggerFactory>())!);
        return services;
    }
}

internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
