using System.Text.Json;

namespace MovieRec.Cli.Tests;

[Collection(EngineDataCollection.Name)]
public sealed class MovieCommandTests(EngineDataFixture data)
{
    [Fact]
    public async Task Recommend_prints_a_table_and_json_of_k_movies_the_user_has_not_rated()
    {
        using var cli = data.Runner();
        var table = await cli.RunAsync("recommend", "--user", "1", "-k", "5");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("For user 1", table.Out, StringComparison.Ordinal);
        Assert.Contains("Why", table.Out, StringComparison.Ordinal);
        Assert.Contains("ml-latest-small", table.Error, StringComparison.Ordinal); // the engine status goes to stderr

        var json = await cli.RunAsync("recommend", "--user", "1", "-k", "5", "--json", "--query", "space adventure");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out); // stdout is nothing but the JSON
        var root = doc.RootElement;
        Assert.Equal("recommend", root.GetProperty("command").GetString());
        Assert.Equal(1, root.GetProperty("userId").GetInt32());
        var movies = root.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(5, movies.Count);
        foreach (var m in movies)
        {
            Assert.False(string.IsNullOrEmpty(m.GetProperty("title").GetString()));
            Assert.True(m.GetProperty("genres").GetArrayLength() > 0);
            Assert.True(m.GetProperty("reasons").GetArrayLength() > 0);
            Assert.InRange(m.GetProperty("components").GetProperty("content").GetDouble(), 0, 1);
        }
        // user 1 rated Star Wars (movieId 260): it must not come back
        Assert.DoesNotContain(movies, m => m.GetProperty("movieId").GetInt32() == 260);
    }

    [Fact]
    public async Task Unknown_user_exits_1_with_a_message()
    {
        using var cli = data.Runner();
        var result = await cli.RunAsync("recommend", "--user", "999999");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No user with id 999999", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Similar_resolves_the_title_and_an_unknown_title_gets_suggestions()
    {
        using var cli = data.Runner();
        var json = await cli.RunAsync("similar", "Toy Story", "-k", "4", "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("seedMovieId").GetInt32());
        var movies = doc.RootElement.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(4, movies.Count);
        Assert.DoesNotContain(movies, m => m.GetProperty("movieId").GetInt32() == 1);
        Assert.Contains(movies, m => m.GetProperty("genres").EnumerateArray().Any(g => g.GetString() == "Animation"));

        var table = await cli.RunAsync("similar", "Heat (1995)", "-k", "3");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Like Heat (1995)", table.Out, StringComparison.Ordinal);

        var unknown = await cli.RunAsync("similar", "Hetaa");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No movie titled", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean:", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("Heat (1995)", unknown.Error[unknown.Error.IndexOf("did you mean:", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_applies_genre_and_year_filters()
    {
        using var cli = data.Runner();
        var result = await cli.RunAsync("search", "heist crime", "--genre", "Comedy", "--year-from", "1990", "--year-to", "1999", "-k", "6", "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var movies = doc.RootElement.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(6, movies.Count);
        foreach (var m in movies)
        {
            Assert.InRange(m.GetProperty("year").GetInt32(), 1990, 1999);
            Assert.Contains("Comedy", m.GetProperty("genres").EnumerateArray().Select(g => g.GetString()));
        }

        var bad = await cli.RunAsync("search", "x", "--year-from", "2000", "--year-to", "1990");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("yearFrom (2000) is after yearTo (1990)", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_data_exits_3_and_names_the_pull_command()
    {
        using var cli = new CliRunner(); // empty data directory
        foreach (var args in new[] { new[] { "recommend", "--user", "1" }, ["similar", "Heat"], ["search", "heist"], ["chat"],
                     ["email", "--user", "1", "--out", "mail"], ["train"], ["serve", "--urls", "http://127.0.0.1:0"] })
        {
            var result = await cli.RunAsync(args);
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("run: movierec data pull ml-latest-small", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_models_for_train_are_a_usage_error()
    {
        using var cli = data.Runner();
        var result = await cli.RunAsync("train", "--models", "ease,nope");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown model 'nope'", result.Error, StringComparison.Ordinal);
    }
}
