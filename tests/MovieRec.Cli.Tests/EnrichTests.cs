using System.Text.Json;
using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

/// <summary>`data enrich` against a scripted TMDB: fields mapped, 404 and 429 handled, resumable, merged by `data info`.</summary>
public class EnrichTests
{
    private const string Heat = """
        {"id":949,"title":"Heat","imdb_id":"tt0113277","overview":"Obsessive master thief McCauley leads a crew.","tagline":"A Los Angeles crime saga",
         "runtime":170,"original_language":"en","release_date":"1995-12-15","vote_average":7.9,"vote_count":6000,
         "keywords":{"keywords":[{"id":1,"name":"heist"},{"id":2,"name":"los angeles"}]},
         "credits":{"cast":[{"name":"Robert De Niro","order":1},{"name":"Al Pacino","order":0}],"crew":[{"name":"Someone","job":"Editor"},{"name":"Michael Mann","job":"Director"}]}}
        """;

    private static void WriteDataset(CliRunner cli)
    {
        var dir = Path.Combine(cli.DataDirectory, "ml-latest-small");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "movies.csv"), "movieId,title,genres\n1,Heat (1995),Crime\n2,Gone (2001),Drama\n3,Busy (2002),Drama\n4,No Link (2003),Drama\n");
        File.WriteAllText(Path.Combine(dir, "links.csv"), "movieId,imdbId,tmdbId\n1,0113277,949\n2,0000002,20\n3,0000003,30\n4,0000004,\n");
        File.WriteAllText(Path.Combine(dir, "ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,3.0,1\n1,3,3.0,1\n2,1,5.0,1\n");
    }

    [Fact]
    public async Task Enrich_fetches_maps_fields_retries_429_skips_404_and_resumes()
    {
        var busyCalls = 0;
        await using var server = new ScriptedHttpServer((request, response) =>
        {
            var path = request.PathAndQuery.Split('?')[0];
            return path switch
            {
                "/3/movie/949" => ScriptedHttpServer.WriteAsync(response, Heat),
                "/3/movie/30" when Interlocked.Increment(ref busyCalls) == 1 => RetryAfter(response),
                "/3/movie/30" => ScriptedHttpServer.WriteAsync(response, """{"id":30,"overview":"A busy film.","credits":{"cast":[],"crew":[]}}"""),
                _ => ScriptedHttpServer.WriteAsync(response, """{"status_code":34}""", status: 404),
            };
        });
        using var cli = new CliRunner();
        WriteDataset(cli);
        cli.Settings["TMDB_API_KEY"] = "k123";
        cli.Settings["Tmdb:BaseUrl"] = server.BaseAddress.ToString();
        cli.Settings["Tmdb:RequestsPerSecond"] = "200";

        var result = await cli.RunAsync("data", "enrich");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Enriched 2 movies (1 unknown to TMDB, 0 already cached, 1 without a tmdbId)", result.Out, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.Contains("api_key=k123", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(2, busyCalls); // the 429 was retried
        var cache = Path.Combine(cli.DataDirectory, "metadata", "tmdb-api.jsonl");
        Assert.Equal(3, File.ReadAllLines(cache).Length);

        // Resumable: a second run asks nothing.
        var requestsBefore = server.Requests.Count;
        var again = await cli.RunAsync("data", "enrich");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(requestsBefore, server.Requests.Count);
        Assert.Contains("3 already cached", again.Out, StringComparison.Ordinal);

        // The cache is merged on load.
        var info = JsonDocument.Parse((await cli.RunAsync("data", "info", "--json")).Out).RootElement;
        Assert.Equal(2, info.GetProperty("moviesWithOverview").GetInt32());
        var dataset = MovieRec.Core.Data.DatasetLoader.Load(Path.Combine(cli.DataDirectory, "ml-latest-small"));
        var heat = dataset.Movies[0].Metadata!;
        Assert.Equal("Michael Mann", heat.Director);
        Assert.Equal(["Al Pacino", "Robert De Niro"], heat.Cast);
        Assert.Equal(["heist", "los angeles"], heat.Keywords);
        Assert.Equal(170, heat.RuntimeMinutes);
        Assert.Equal("tmdb-api", heat.OverviewSource);
    }

    [Fact]
    public async Task Rejected_key_stops_with_a_user_error()
    {
        await using var server = new ScriptedHttpServer((_, response) => ScriptedHttpServer.WriteAsync(response, "{}", status: 401));
        using var cli = new CliRunner();
        WriteDataset(cli);
        cli.Settings["TMDB_API_KEY"] = "bad";
        cli.Settings["Tmdb:BaseUrl"] = server.BaseAddress.ToString();
        var result = await cli.RunAsync("data", "enrich");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TMDB rejected the API key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_key_is_explained()
    {
        using var cli = new CliRunner();
        WriteDataset(cli);
        cli.Settings["TMDB_API_KEY"] = "";
        var result = await cli.RunAsync("data", "enrich");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TMDB_API_KEY", result.Error, StringComparison.Ordinal);
    }

    private static async Task RetryAfter(System.Net.HttpListenerResponse response)
    {
        response.AddHeader("Retry-After", "0");
        await ScriptedHttpServer.WriteAsync(response, "{}", status: 429);
    }
}
