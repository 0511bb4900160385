using MovieRec.Agent.Llm;

namespace MovieRec.Agent.Tests.Llm;

public class LlmOptionsTests
{
    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void OpenAI_WithoutKey_IsExplained()
    {
        var errors = new LlmOptions { Provider = "openai", Model = "gpt-4o" }.Validate(NoEnvironment);
        Assert.Contains(errors, e => e.Contains("OPENAI_API_KEY") && e.Contains("Llm:ApiKey"));
    }

    [Fact]
    public void OpenAI_TakesTheKeyFromTheEnvironment()
    {
        var options = new LlmOptions { Provider = "OpenAI", Model = "gpt-4o" };
        Assert.Empty(options.Validate(name => name == "OPENAI_API_KEY" ? "sk-env" : null));
        Assert.Equal("sk-env", options.ResolveApiKey(name => name == "OPENAI_API_KEY" ? "sk-env" : null));
    }

    [Theory]
    [InlineData("azure-openai", "gpt-4o", null, "Llm:Endpoint is required")]
    [InlineData("azure-openai", "gpt-4o", "https://x.openai.azure.com/openai/v1/", "AZURE_OPENAI_API_KEY")]
    [InlineData("ollama", "", null, "Llm:Model is required")]
    [InlineData("gemini", "m", null, "not supported")]
    [InlineData("openai-compatible", "m", "not a url", "not an absolute URL")]
    public void InvalidConfigurations_AreReported(string provider, string model, string? endpoint, string expected)
    {
        var errors = new LlmOptions { Provider = provider, Model = model, Endpoint = endpoint }.Validate(NoEnvironment);
        Assert.Contains(errors, e => e.Contains(expected));
    }

    [Fact]
    public void Ollama_NeedsNoKeyNorEndpoint()
    {
        Assert.Empty(new LlmOptions { Provider = "ollama", Model = "llama3.1" }.Validate(NoEnvironment));
    }

    [Fact]
    public void Factory_ReturnsNullForNone_AndTheRightClientPerProvider()
    {
        var http = new PlainHttpClientFactory();
        Assert.Null(ChatClientFactory.Create(new LlmOptions { Provider = "none" }, http));
        Assert.IsType<OllamaChatClient>(ChatClientFactory.Create(new LlmOptions { Provider = "ollama", Model = "llama3.1" }, http));
        Assert.IsType<OpenAIChatClientAdapter>(ChatClientFactory.Create(
            new LlmOptions { Provider = "openai-compatible", Model = "m", Endpoint = "http://localhost:11434/v1" }, http));
    }

    [Fact]
    public void Factory_RejectsAnInvalidConfiguration_WithEveryProblem()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ChatClientFactory.Create(new LlmOptions { Provider = "azure-openai", Model = "", ApiKey = "k" }, new PlainHttpClientFactory()));
        Assert.Contains("Llm:Model", error.Message);
        Assert.Contains("Llm:Endpoint", error.Message);
    }

    [Theory]
    [InlineData("1500", null, 1500)]
    [InlineData(null, "2", 2000)]
    [InlineData(null, "Sun, 22 Nov 2026 07:00:03 GMT", 3000)]
    public void RetryAfter_IsParsed(string? ms, string? header, int expectedMs)
    {
        var now = new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryDelays.ParseRetryAfter(ms, header, now));
    }

    [Fact]
    public void RetryDelays_AreBounded()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), RetryDelays.Compute(1, TimeSpan.FromHours(1), TimeSpan.FromSeconds(20)));
        Assert.True(RetryDelays.Compute(10, null, TimeSpan.FromSeconds(5)) <= TimeSpan.FromSeconds(5));
        Assert.True(RetryDelays.Compute(2, null, TimeSpan.FromSeconds(5)) >= TimeSpan.FromSeconds(1));
    }
}
