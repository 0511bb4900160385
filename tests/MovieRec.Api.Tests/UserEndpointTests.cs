using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MovieRec.Api.Tests;

public sealed class UserEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public UserEndpointTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Recommendations_for_a_user_pass_query_and_k()
    {
        var response = await _client.GetAsync("/users/3/recommendations?q=%20funny%20&k=4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, (await response.JsonAsync()).GetArrayLength());
        Assert.Equal((3, "funny", 4), _factory.Movies.LastUserRequest);
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/users/555/recommendations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/users/555/email", null)).StatusCode);
    }

    [Fact]
    public async Task Recommendations_k_out_of_range_is_400()
    {
        var response = await _client.GetAsync("/users/3/recommendations?k=1000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor("k"));
    }

    [Fact]
    public async Task Email_name_over_100_characters_is_400()
    {
        var response = await _client.PostAsync($"/users/3/email?name={new string('n', 101)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor("name"));
    }

    [Fact]
    public async Task Email_is_json_by_default()
    {
        var response = await _client.PostAsync("/users/3/email?name=Ada", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync();
        Assert.Equal(3, json.GetProperty("userId").GetInt32());
        Assert.Equal("Picks for you", json.GetProperty("subject").GetString());
        Assert.Contains("Hello Ada", json.GetProperty("markdown").GetString());
        Assert.Contains("<h1>Hello Ada</h1>", json.GetProperty("html").GetString());
        Assert.Contains("Hello Ada", json.GetProperty("plainText").GetString());
    }

    [Fact]
    public async Task Email_as_html_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/users/3/email?name=Ada");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<h1>Hello Ada</h1><p>Watch <strong>Heat</strong>.</p>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Email_as_eml_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/users/3/email");
        request.Headers.Accept.ParseAdd("message/rfc822");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message/rfc822", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("movierec-user-3.eml", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var eml = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("Subject: Picks for you\r\n", eml);
        Assert.Contains("Hello friend", eml);
    }

    [Fact]
    public async Task Email_honours_accept_quality_and_rejects_unsupported_types()
    {
        using var preferred = new HttpRequestMessage(HttpMethod.Post, "/users/3/email");
        preferred.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.5));
        preferred.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain", 0.9));
        var plain = await _client.SendAsync(preferred);
        Assert.Equal("text/plain", plain.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Hello friend", await plain.Content.ReadAsStringAsync());

        using var unsupported = new HttpRequestMessage(HttpMethod.Post, "/users/3/email");
        unsupported.Headers.Accept.ParseAdd("image/png");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await _client.SendAsync(unsupported)).StatusCode);
    }
}
