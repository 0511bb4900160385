using System.Net;

namespace MovieRec.Api.Tests;

public sealed class MovieEndpointTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public MovieEndpointTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Search_passes_the_filters_and_returns_recommendations()
    {
        var response = await _client.GetAsync("/movies/search?q=space&genres=Sci-Fi,%20Drama&excludeGenres=Thriller&yearFrom=2000&yearTo=2020&k=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var query = _factory.Movies.LastQuery!;
        Assert.Equal("space", query.Text);
        Assert.Equal(["Sci-Fi", "Drama"], query.Genres);
        Assert.Equal(["Thriller"], query.ExcludeGenres);
        Assert.Equal((2000, 2020, 5), (query.YearFrom, query.YearTo, query.K));

        await _client.GetAsync("/movies/search?genres=Drama");
        Assert.Equal(10, _factory.Movies.LastQuery!.K);   // default k
    }

    [Fact]
    public async Task Search_results_are_filtered_movies()
    {
        var json = await (await _client.GetAsync("/movies/search?genres=sci-fi&yearFrom=2000")).JsonAsync();

        var titles = json.EnumerateArray().Select(m => m.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Arrival", "Moon"], titles);
    }

    [Theory]
    [InlineData("/movies/search?genres=Comedy,,Drama", "genres")]
    [InlineData("/movies/search?genres=%3Cscript%3E", "genres")]
    [InlineData("/movies/search?genres=Cowboy", "genres")]            // unknown to the engine: its UserInputException names the field
    [InlineData("/movies/search?excludeGenres=Nope", "genres")]
    [InlineData("/movies/search?yearFrom=2010&yearTo=2000", "yearTo")]
    [InlineData("/movies/search?yearFrom=1200", "yearFrom")]
    [InlineData("/movies/search?yearTo=2300", "yearTo")]
    [InlineData("/movies/search?k=0", "k")]
    [InlineData("/movies/search?k=101", "k")]
    [InlineData("/movies/1/similar?k=0", "k")]
    public async Task Bad_filters_get_400_naming_the_field(string url, string field)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).ErrorsFor(field));
    }

    [Fact]
    public async Task Queries_over_500_characters_get_400_naming_q()
    {
        var q = new string('q', 501);
        foreach (var url in new[] { $"/movies/search?q={q}", $"/users/3/recommendations?q={q}" })
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotEmpty((await response.JsonAsync()).ErrorsFor("q"));
        }
    }

    [Fact]
    public async Task Non_numeric_query_parameter_is_a_400_problem()
    {
        var response = await _client.GetAsync("/movies/search?k=many");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_movie_returns_its_details()
    {
        var json = await (await _client.GetAsync("/movies/4")).JsonAsync();

        Assert.Equal("Blade Runner", json.GetProperty("title").GetString());
        Assert.Equal(1982, json.GetProperty("year").GetInt32());
        Assert.Equal("Some Director", json.GetProperty("director").GetString());
        Assert.Equal(42, json.GetProperty("ratingCount").GetInt32());
    }

    [Theory]
    [InlineData("/movies/999")]
    [InlineData("/movies/999/similar")]
    public async Task Unknown_movie_is_404_problem(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Unknown movie 999", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Similar_returns_neighbours_without_the_movie_itself()
    {
        var json = await (await _client.GetAsync("/movies/5/similar?k=3")).JsonAsync();

        var ids = json.EnumerateArray().Select(m => m.GetProperty("movieId").GetInt32()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.DoesNotContain(5, ids);
        Assert.Contains("shares genres with The Matrix", json[0].GetProperty("reasons")[0].GetString());
    }
}
