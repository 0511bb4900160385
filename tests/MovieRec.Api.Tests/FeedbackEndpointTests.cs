using MovieRec.Core.Stores;
using System.Net;
using MovieRec.Agent.Service;

namespace MovieRec.Api.Tests;

public sealed class FeedbackEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public FeedbackEndpointTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Liked_is_recorded_for_the_session()
    {
        var response = await _client.PostJsonAsync("/feedback", new { sessionId = "s1", movieId = 3, signal = "Liked" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("liked", (await response.JsonAsync()).GetProperty("signal").GetString());
        var recorded = Assert.Single(_factory.Movies.Feedback);
        Assert.Equal(new FeedbackRequest("s1", null, 3, FeedbackSignal.Liked), recorded);
    }

    [Fact]
    public async Task Rating_is_recorded_with_its_value()
    {
        var response = await _client.PostJsonAsync("/feedback", new { userId = 9, movieId = 2, signal = "rating", rating = 4.5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new FeedbackRequest(null, 9, 2, FeedbackSignal.Rating, 4.5f), Assert.Single(_factory.Movies.Feedback));
    }

    [Fact]
    public async Task Dislike_changes_the_next_chat_answer()
    {
        var first = await (await _client.PostJsonAsync("/chat", new { message = "sci-fi", k = 3 })).JsonAsync();
        var sessionId = first.GetProperty("sessionId").GetString();
        var disliked = first.GetProperty("recommendations")[0].GetProperty("movieId").GetInt32();

        await _client.PostJsonAsync("/feedback", new { sessionId, movieId = disliked, signal = "disliked" });
        var second = await (await _client.PostJsonAsync("/chat", new { sessionId, message = "sci-fi", k = 3 })).JsonAsync();

        Assert.DoesNotContain(disliked, second.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("movieId").GetInt32()));
    }

    [Theory]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1, \"signal\": \"loved\"}", "signal")]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1, \"signal\": \"1\"}", "signal")]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1}", "signal")]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1, \"signal\": \"rating\"}", "rating")]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1, \"signal\": \"rating\", \"rating\": 7}", "rating")]
    [InlineData("{\"sessionId\": \"s\", \"movieId\": 1, \"signal\": \"liked\", \"rating\": 3}", "rating")]
    [InlineData("{\"sessionId\": \"s\", \"signal\": \"liked\"}", "movieId")]
    [InlineData("{\"movieId\": 1, \"signal\": \"liked\"}", "sessionId")]
    [InlineData("{\"userId\": 0, \"movieId\": 1, \"signal\": \"liked\"}", "userId")]
    public async Task Invalid_feedback_gets_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostRawAsync("/feedback", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor(field));
        Assert.Empty(_factory.Movies.Feedback);
    }

    [Fact]
    public async Task Feedback_on_an_unknown_movie_is_404()
    {
        var response = await _client.PostJsonAsync("/feedback", new { sessionId = "s", movieId = 999, signal = "watched" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
