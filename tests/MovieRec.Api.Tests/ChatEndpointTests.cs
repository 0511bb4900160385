using System.Net;
using System.Text.Json;

namespace MovieRec.Api.Tests;

public sealed class ChatEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public ChatEndpointTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Chat_answers_with_reply_recommendations_and_session()
    {
        var response = await _client.PostJsonAsync("/chat", new { message = "some sci-fi please", k = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("sessionId").GetString()));
        Assert.Contains("**3** picks", json.GetProperty("reply").GetString());
        Assert.Equal("fake", json.GetProperty("responder").GetString());
        var recommendations = json.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(3, recommendations.Count);
        Assert.All(recommendations, r => Assert.Contains("Sci-Fi", r.GetProperty("genres").EnumerateArray().Select(g => g.GetString())));
        // camelCase contract of the nested records
        Assert.True(recommendations[0].GetProperty("components").TryGetProperty("collaborative", out _));
        Assert.Equal(2, recommendations[0].GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task Chat_with_session_id_keeps_history_on_the_server()
    {
        var first = await (await _client.PostJsonAsync("/chat", new { message = "comedy", userId = 7 })).JsonAsync();
        var sessionId = first.GetProperty("sessionId").GetString();

        var second = await (await _client.PostJsonAsync("/chat", new { sessionId, message = "more comedy" })).JsonAsync();

        Assert.Equal(sessionId, second.GetProperty("sessionId").GetString());
        Assert.Contains("after 2 earlier messages", second.GetProperty("reply").GetString());
        Assert.Null(_factory.Chat.LastRequest!.K);   // no k: the chat service applies Chat:DefaultK
    }

    [Fact]
    public async Task Chat_with_messages_is_stateless_and_passes_the_history()
    {
        var response = await _client.PostJsonAsync("/chat", new
        {
            message = "and a drama?",
            messages = new[] { new { role = "user", content = "hi" }, new { role = "Assistant", content = "hello" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = _factory.Chat.LastRequest!;
        Assert.NotNull(request.Messages);
        Assert.Equal(["user", "assistant"], request.Messages!.Select(m => m.Role));
        Assert.Equal("hello", request.Messages![1].Content);
        Assert.Empty(_factory.Chat.Sessions);
    }

    [Theory]
    [InlineData("{}", "message")]
    [InlineData("{\"message\": \"   \"}", "message")]
    [InlineData("{\"message\": \"hi\", \"k\": 0}", "k")]
    [InlineData("{\"message\": \"hi\", \"k\": 21}", "k")]
    [InlineData("{\"message\": \"hi\", \"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}", "messages[0].role")]
    [InlineData("{\"message\": \"hi\", \"messages\": [{\"role\": \"user\"}]}", "messages[0].content")]
    [InlineData("{\"message\": \"hi\", \"k\": \"five\"}", "k")]
    [InlineData("{\"message\": \"hi\", \"userId\": 0}", "userId")]
    public async Task Chat_rejects_invalid_requests_naming_the_field(string body, string field)
    {
        var response = await _client.PostRawAsync("/chat", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor(field));
    }

    [Fact]
    public async Task Chat_rejects_what_is_too_long_naming_the_field()
    {
        var turn = new { role = "user", content = "hi" };
        foreach (var (body, field) in new (object, string)[]
        {
            (new { message = new string('a', 4001) }, "message"),
            (new { message = "hi", sessionId = new string('s', 101) }, "sessionId"),
            (new { message = "hi", messages = Enumerable.Repeat(turn, 101).ToArray() }, "messages"),
        })
        {
            var response = await _client.PostJsonAsync("/chat", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotEmpty((await response.JsonAsync()).ErrorsFor(field));
        }
    }

    [Fact]
    public async Task Chat_with_k_20_is_accepted()
    {
        var response = await _client.PostJsonAsync("/chat", new { message = "anything", k = 20 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20, _factory.Chat.LastRequest!.K);
    }

    [Fact]
    public async Task Stream_sends_deltas_then_the_full_response_as_server_sent_events()
    {
        var response = await _client.PostJsonAsync("/chat/stream", new { message = "thriller", k = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var events = ParseEvents(await response.Content.ReadAsStringAsync());

        Assert.True(events.Count >= 2);
        Assert.All(events[..^1], e => Assert.Equal("delta", e.Name));
        Assert.Equal("done", events[^1].Name);
        var deltas = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        var done = JsonDocument.Parse(events[^1].Data).RootElement;
        Assert.Equal(done.GetProperty("reply").GetString(), deltas);
        Assert.Equal(2, done.GetProperty("recommendations").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(done.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task Stream_validates_before_streaming()
    {
        var response = await _client.PostJsonAsync("/chat/stream", new { message = "hi", k = 99 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor("k"));
    }

    [Fact]
    public async Task Stream_failure_after_the_start_becomes_an_error_event_without_internals()
    {
        _factory.Chat.StreamFailure = new InvalidOperationException("secret internal detail");
        var response = await _client.PostJsonAsync("/chat/stream", new { message = "thriller" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal(["delta", "error"], events.Select(e => e.Name));
        Assert.Equal(500, JsonDocument.Parse(events[1].Data).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret internal detail", events[1].Data);
    }

    /// <summary>Parses "event: NAME\ndata: JSON\n\n" blocks.</summary>
    internal static List<(string Name, string Data)> ParseEvents(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            var name = lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            var data = lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            return (name, data);
        })];
}
