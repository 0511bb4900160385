using System.Net;

namespace MovieRec.Api.Tests;

public sealed class HealthAndDocumentTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public HealthAndDocumentTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Health_is_503_until_the_engine_is_ready_then_200()
    {
        _factory.Movies.IsReady = false;
        var starting = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
        Assert.Equal("starting", (await starting.JsonAsync()).GetProperty("status").GetString());

        _factory.Movies.IsReady = true;
        var ready = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_lists_every_path()
    {
        var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected = ["/chat", "/chat/stream", "/movies/search", "/movies/{id}", "/movies/{id}/similar",
            "/users/{id}/recommendations", "/users/{id}/email", "/feedback", "/health"];
        Assert.All(expected, path => Assert.Contains(path, paths));
    }

    [Fact]
    public async Task Chat_page_is_served_at_the_root()
    {
        var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>MovieRec", html);
        foreach (var asset in new[] { "/app.js", "/markdown.js", "/app.css" })
        {
            Assert.Contains(asset.TrimStart('/'), html);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(asset)).StatusCode);
        }
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
