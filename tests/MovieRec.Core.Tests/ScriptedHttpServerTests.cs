using MovieRec.Testing;
namespace MovieRec.Core.Tests;
public class ScriptedHttpServerTests
{
    [Fact]
    public async Task AnswersAndRecordsRequests()
    {
        await using var server = new ScriptedHttpServer((req, res) => ScriptedHttpServer.WriteAsync(res, "{\"echo\":" + req.Body.Length + "}"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var reply = await (await http.PostAsync("/x?y=1", new StringContent("hello"))).Content.ReadAsStringAsync();
        Assert.Equal("{\"echo\":5}", reply);
        Assert.True(server.Requests.TryDequeue(out var recorded));
        Assert.Equal("/x?y=1", recorded.PathAndQuery);
        Assert.Equal("hello", recorded.Body);
    }
}
