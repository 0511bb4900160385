using System.ComponentModel.DataAnnotations;

namespace MovieRec.Api;

/// <summary>Settings of the HTTP surface, bound from the "Api" configuration section and validated at start-up.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>Accepted values of the X-Api-Key header. Empty: no key is needed.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Largest accepted request body; larger requests get 413.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    public CorsSettings Cors { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKeys.Any(string.IsNullOrWhiteSpace))
            yield return new ValidationResult("Api:ApiKeys must not contain empty keys.", [nameof(ApiKeys)]);

        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(RateLimit, new ValidationContext(RateLimit), nested, validateAllProperties: true);
        foreach (var result in nested)
            yield return new ValidationResult($"Api:RateLimit: {result.ErrorMessage}", result.MemberNames.Select(m => $"RateLimit.{m}"));

        foreach (var origin in Cors.AllowedOrigins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out _))
                yield return new ValidationResult($"Api:Cors:AllowedOrigins: '{origin}' is not an absolute origin such as https://example.org.", ["Cors.AllowedOrigins"]);
    }
}

/// <summary>Fixed-window rate limit per API key (or per client IP without a key).</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests allowed per client in one window.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 100;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 10;
}

public sealed class CorsSettings
{
    /// <summary>Origins allowed to call the API from a browser. Empty: same origin only.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
