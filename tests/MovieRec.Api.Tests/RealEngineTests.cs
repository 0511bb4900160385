using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Hosting;
using MovieRec.Testing;

namespace MovieRec.Api.Tests;

/// <summary>The API over the real engine (ml-latest-small, offline responder) and a real SQLite store: a few end-to-end paths.</summary>
[Collection(EngineCollection.Name)]
public sealed class RealEngineTests(EngineFixture fixture) : IDisposable
{
    private readonly TempDir _temp = new();

    private WebApplicationFactory<Program> Factory() => new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Stores:Path", _temp.File("movierec.db"));
        builder.UseSetting("Prompts:Folder", Path.Combine(SharedData.RepoRoot, "prompts"));
        builder.ConfigureTestServices(services =>
        {
            var provider = new EngineProvider();
            provider.Set(fixture.Engine);
            services.AddSingleton(provider);
        });
    });

    [Fact]
    public async Task ChatAnswersWithGroundedRecommendationsAndFeedbackChangesTheNextAnswer()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        var first = await (await client.PostJsonAsync("/chat", new { message = "something like Heat but less violent, from the 90s" })).JsonAsync();
        Assert.Equal("offline", first.GetProperty("responder").GetString());
        var sessionId = first.GetProperty("sessionId").GetString()!;
        var picks = first.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(5, picks.Count);
        foreach (var p in picks)
        {
            Assert.InRange(p.GetProperty("year").GetInt32(), 1990, 1999);
            Assert.NotNull(fixture.Engine.Catalog.Get(p.GetProperty("movieId").GetInt32()));
            Assert.NotEmpty(p.GetProperty("reasons").EnumerateArray());
        }

        var disliked = picks[0].GetProperty("movieId").GetInt32();
        var feedback = await client.PostJsonAsync("/feedback", new { sessionId, movieId = disliked, signal = "disliked" });
        Assert.True(feedback.IsSuccessStatusCode, await feedback.Content.ReadAsStringAsync());

        var again = await (await client.PostJsonAsync("/chat", new { sessionId, message = "something like Heat but less violent, from the 90s" })).JsonAsync();
        Assert.DoesNotContain(disliked, again.GetProperty("recommendations").EnumerateArray().Select(p => p.GetProperty("movieId").GetInt32()));
    }

    [Fact]
    public async Task FollowUpsWorkAcrossTurnsAndARestart()
    {
        string sessionId;
        int second;
        await using (var factory = Factory())
        {
            using var client = factory.CreateClient();
            var first = await (await client.PostJsonAsync("/chat", new { message = "mind-bending sci-fi" })).JsonAsync();
            sessionId = first.GetProperty("sessionId").GetString()!;
            second = first.GetProperty("recommendations")[1].GetProperty("movieId").GetInt32();
        }
        await using (var restarted = Factory())
        {
            using var client = restarted.CreateClient();
            var why = await (await client.PostJsonAsync("/chat", new { sessionId, message = "why the second one?" })).JsonAsync();
            var title = fixture.Engine.Catalog.Get(second)!.Title;
            Assert.Contains(title, why.GetProperty("reply").GetString());
            var more = await (await client.PostJsonAsync("/chat", new { sessionId, message = "more like the second one" })).JsonAsync();
            var ids = more.GetProperty("recommendations").EnumerateArray().Select(p => p.GetProperty("movieId").GetInt32()).ToList();
            Assert.NotEmpty(ids);
            Assert.DoesNotContain(second, ids);
        }
    }

    [Fact]
    public async Task MovieEndpointsAnswerFromTheCatalog()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();
        Assert.True((await client.GetAsync("/health")).IsSuccessStatusCode);
        var search = await (await client.GetAsync("/movies/search?q=bank%20heist&genres=Crime&k=5")).JsonAsync();
        Assert.All(search.EnumerateArray(), m => Assert.Contains("Crime", m.GetProperty("genres").EnumerateArray().Select(g => g.GetString())));
        var heat = fixture.Engine.Catalog.Find("Heat", 1995, 1)[0].Movie;
        var details = await (await client.GetAsync($"/movies/{heat.Id}")).JsonAsync();
        Assert.Equal("Heat", details.GetProperty("title").GetString());
        var similar = await (await client.GetAsync($"/movies/{heat.Id}/similar?k=5")).JsonAsync();
        Assert.Equal(5, similar.GetArrayLength());
        var forUser = await client.GetAsync("/users/1/recommendations?k=3");
        Assert.True(forUser.IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/users/999999/recommendations")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/movies/99999999")).StatusCode);
    }

    public void Dispose() => _temp.Dispose();
}
