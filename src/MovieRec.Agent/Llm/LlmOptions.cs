namespace MovieRec.Agent.Llm;

/// <summary>
/// The LLM provider configuration, bound from the appsettings section <c>Llm</c>
/// (env vars <c>MOVIEREC__LLM__PROVIDER</c> ... override). <see cref="Validate"/> explains what is wrong.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>none | openai | azure-openai | ollama | openai-compatible.</summary>
    public string Provider { get; set; } = LlmProviders.None;

    /// <summary>Model (OpenAI: gpt-4o), Azure deployment name, or Ollama model (llama3.1).</summary>
    public string Model { get; set; } = "";

    /// <summary>
    /// Base address. openai: optional (default https://api.openai.com/v1); azure-openai:
    /// https://NAME.openai.azure.com/openai/v1/; ollama: http://localhost:11434 (native /api/chat);
    /// openai-compatible: the server's /v1 address (Ollama http://localhost:11434/v1, LM Studio, vLLM, llama.cpp).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>API key; when empty, read from OPENAI_API_KEY (openai, openai-compatible) or AZURE_OPENAI_API_KEY (azure-openai).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-request timeout (one HTTP attempt). Exceeding it raises <see cref="LlmUnavailableException"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many model round trips with tool calls one turn may take before a final answer is forced.</summary>
    public int MaxToolSteps { get; set; } = 5;

    /// <summary>Retries after a 429 or 5xx (or a connection failure); 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest wait between two retries, whatever Retry-After says.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsEnabled => !string.Equals(Provider?.Trim(), LlmProviders.None, StringComparison.OrdinalIgnoreCase)
                             && !string.IsNullOrWhiteSpace(Provider);

    /// <summary>The configured key, else the provider's environment variable, else null.</summary>
    public string? ResolveApiKey(Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(ApiKey)) return ApiKey;
        environment ??= Environment.GetEnvironmentVariable;
        return LlmProviders.Normalize(Provider) switch
        {
            LlmProviders.AzureOpenAI => NullIfBlank(environment("AZURE_OPENAI_API_KEY")),
            LlmProviders.OpenAI or LlmProviders.OpenAICompatible => NullIfBlank(environment("OPENAI_API_KEY")),
            _ => null,
        };
    }

    /// <summary>All problems with this configuration, each a sentence a user can act on; empty when valid.</summary>
    public IReadOnlyList<string> Validate(Func<string, string?>? environment = null)
    {
        var errors = new List<string>();
        var provider = LlmProviders.Normalize(Provider);
        if (!LlmProviders.All.Contains(provider))
        {
            errors.Add($"Llm:Provider '{Provider}' is not supported; use one of: {string.Join(", ", LlmProviders.All)}.");
            return errors;
        }
        if (provider == LlmProviders.None) return errors;

        if (string.IsNullOrWhiteSpace(Model))
            errors.Add($"Llm:Model is required for provider '{provider}' (e.g. {(provider == LlmProviders.Ollama ? "llama3.1" : "gpt-4o")}).");
        if (provider == LlmProviders.OpenAI && ResolveApiKey(environment) is null)
            errors.Add("Llm:ApiKey is missing for provider 'openai': set Llm:ApiKey or the environment variable OPENAI_API_KEY.");
        if (provider == LlmProviders.AzureOpenAI && ResolveApiKey(environment) is null)
            errors.Add("Llm:ApiKey is missing for provider 'azure-openai': set Llm:ApiKey or the environment variable AZURE_OPENAI_API_KEY.");
        if (provider is LlmProviders.AzureOpenAI or LlmProviders.OpenAICompatible && string.IsNullOrWhiteSpace(Endpoint))
            errors.Add(provider == LlmProviders.AzureOpenAI
                ? "Llm:Endpoint is required for provider 'azure-openai' (e.g. https://NAME.openai.azure.com/openai/v1/)."
                : "Llm:Endpoint is required for provider 'openai-compatible' (e.g. http://localhost:11434/v1).");
        if (!string.IsNullOrWhiteSpace(Endpoint) && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
            errors.Add($"Llm:Endpoint '{Endpoint}' is not an absolute URL.");
        if (Timeout <= TimeSpan.Zero) errors.Add("Llm:Timeout must be positive (e.g. 00:01:00).");
        if (MaxToolSteps < 1) errors.Add("Llm:MaxToolSteps must be at least 1.");
        if (MaxRetries < 0) errors.Add("Llm:MaxRetries must be 0 or more.");
        if (MaxRetryDelay < TimeSpan.Zero) errors.Add("Llm:MaxRetryDelay must not be negative.");
        return errors;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The provider names accepted in <see cref="LlmOptions.Provider"/>.</summary>
public static class LlmProviders
{
    public const string None = "none";
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";
    public const string Ollama = "ollama";
    public const string OpenAICompatible = "openai-compatible";

    public static readonly IReadOnlyList<string> All = [None, OpenAI, AzureOpenAI, Ollama, OpenAICompatible];

    /// <summary>Lower-case, trimmed; empty means none.</summary>
    public static string Normalize(string? provider) =>
        string.IsNullOrWhiteSpace(provider) ? None : provider.Trim().ToLowerInvariant();
}
