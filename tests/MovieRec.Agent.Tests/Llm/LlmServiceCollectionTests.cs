using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Llm;

namespace MovieRec.Agent.Tests.Llm;

public class LlmServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        before?.Invoke(services);
        services.AddMovieRecLlm(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void ConfiguredProvider_RegistersAChatClient_BoundFromTheLlmSection()
    {
        using var provider = Build(new() { ["Llm:Provider"] = "ollama", ["Llm:Model"] = "llama3.1", ["Llm:MaxToolSteps"] = "3", ["Llm:Timeout"] = "00:00:30" });

        Assert.IsType<OllamaChatClient>(provider.GetRequiredService<IChatClient>());
        var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
        Assert.Equal(3, options.MaxToolSteps);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void ProviderNone_RegistersNoChatClient()
    {
        using var provider = Build(new() { ["Llm:Provider"] = "none" });
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void TheAppsOwnChatClient_Wins()
    {
        var own = new OllamaChatClient(new HttpClient(), new LlmOptions { Model = "mine" });
        using var provider = Build(new() { ["Llm:Provider"] = "ollama", ["Llm:Model"] = "llama3.1" }, s => s.AddSingleton<IChatClient>(own));
        Assert.Same(own, provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void InvalidSection_FailsOptionsValidation_WithTheMessage()
    {
        using var provider = Build(new() { ["Llm:Provider"] = "azure-openai", ["Llm:Model"] = "gpt-4o", ["Llm:ApiKey"] = "k" });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LlmOptions>>().Value);
        Assert.Contains("Llm:Endpoint is required", error.Message);
    }
}
