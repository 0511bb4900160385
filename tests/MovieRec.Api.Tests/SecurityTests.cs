using System.Net;
using System.Text;

namespace MovieRec.Api.Tests;

/// <summary>API keys, rate limit, CORS and the body size limit, each with its own configuration.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task With_keys_configured_a_missing_or_wrong_key_is_401()
    {
        using var factory = new ApiFactory(("Api:ApiKeys:0", "first-key-123"), ("Api:ApiKeys:1", "second-key-456"));
        var client = factory.CreateClient();

        var missing = await client.PostJsonAsync("/chat", new { message = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("X-Api-Key", missing.Headers.WwwAuthenticate.ToString());
        Assert.Contains("required", (await missing.JsonAsync()).GetProperty("detail").GetString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/movies/1");
        wrong.Headers.Add("X-Api-Key", "first-key-12");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/movies/1");
        right.Headers.Add("X-Api-Key", "second-key-456");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task With_keys_configured_health_page_and_document_stay_open()
    {
        using var factory = new ApiFactory(("Api:ApiKeys:0", "first-key-123"));
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Without_keys_configured_no_key_is_needed()
    {
        using var factory = new ApiFactory();
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/movies/1")).StatusCode);
    }

    [Fact]
    public async Task Over_the_rate_limit_is_429_with_retry_after_and_health_is_exempt()
    {
        using var factory = new ApiFactory(("Api:RateLimit:PermitLimit", "3"), ("Api:RateLimit:WindowSeconds", "60"));
        var client = factory.CreateClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/movies/1")).StatusCode);
        var limited = await client.GetAsync("/movies/1");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(429, (await limited.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Rate_limit_is_counted_per_api_key()
    {
        using var factory = new ApiFactory(("Api:RateLimit:PermitLimit", "2"), ("Api:RateLimit:WindowSeconds", "60"),
            ("Api:ApiKeys:0", "key-one-1234"), ("Api:ApiKeys:1", "key-two-5678"));
        var client = factory.CreateClient();

        async Task<HttpStatusCode> Get(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/movies/2");
            request.Headers.Add("X-Api-Key", key);
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get("key-one-1234"));
        Assert.Equal(HttpStatusCode.OK, await Get("key-one-1234"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Get("key-one-1234"));
        Assert.Equal(HttpStatusCode.OK, await Get("key-two-5678"));
    }

    [Fact]
    public async Task Cors_allows_only_configured_origins()
    {
        using var factory = new ApiFactory(("Api:Cors:AllowedOrigins:0", "https://movies.example"));
        var client = factory.CreateClient();

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/chat");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
            return await client.SendAsync(request);
        }

        var allowed = await Preflight("https://movies.example");
        Assert.Equal("https://movies.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var denied = await Preflight("https://evil.example");
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var factory = new ApiFactory(("Api:MaxRequestBodyBytes", "2048"));
        var client = factory.CreateClient();

        var big = await client.PostRawAsync("/chat", $"{{\"message\": \"{new string('a', 3000)}\"}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("application/problem+json", big.Content.Headers.ContentType?.MediaType);

        var small = await client.PostRawAsync("/chat", "{\"message\": \"hi\"}");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task Default_body_limit_is_64_KB()
    {
        using var factory = new ApiFactory();
        var body = new StringContent($"{{\"message\": \"{new string('a', 70 * 1024)}\"}}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await factory.CreateClient().PostAsync("/chat", body)).StatusCode);
    }
}
