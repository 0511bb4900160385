using System.Text.Json;
using MovieRec.Agent.Loop;
using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;

namespace MovieRec.Agent.Tests.Loop;

public class GroundingAndValidationTests
{
    [Fact]
    public void Collector_FindsMovieIdsAnywhere_ButNotOtherIds()
    {
        var grounding = new GroundingCollector();
        grounding.Collect("""{"user":{"userId":5,"topRated":[{"movieId":10,"title":"Heat"}]},"results":[{"movie_id":"11"},{"id":12,"title":"Alien"},{"id":13}]}""");
        grounding.Collect("not json at all");

        Assert.Equal([10, 11, 12], grounding.Movies.Keys.Order());
        Assert.Equal("Heat", grounding.Movies[10]);
        Assert.Null(grounding.Movies[11]);
        Assert.False(grounding.Contains(5));
        Assert.False(grounding.Contains(13)); // a bare "id" without a title is not a movie
    }

    private static Dictionary<string, JsonElement> Args(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{
          "ids":{"type":"array","items":{"type":"integer"}},
          "limit":{"type":["integer","null"]},
          "signal":{"type":"string","enum":["liked","disliked"]}},
         "required":["ids"]}
        """).RootElement;

    [Theory]
    [InlineData("""{"ids":[1,2],"limit":null,"signal":"liked"}""", null)]
    [InlineData("""{"ids":[1,2.0]}""", null)]
    [InlineData("""{"ids":[1,"2"]}""", "argument 'ids[1]' must be integer")]
    [InlineData("""{"ids":[1],"limit":2.5}""", "argument 'limit' must be integer or null")]
    [InlineData("""{"ids":[],"signal":"meh"}""", "must be one of")]
    [InlineData("""{}""", "missing required argument 'ids'")]
    public void Validator_ChecksTypesRequiredAndEnums(string arguments, string? expected)
    {
        var problem = ToolArgumentValidator.Validate(Schema, Args(arguments));
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem);
    }

    [Fact]
    public void ListItemsNamingAMovieOutsideThePicksAreDroppedFromTheText()
    {
        var catalog = new MovieCatalog([new Movie(1, "Heat", 1995, ["Crime"]), new Movie(2, "Casino", 1995, ["Crime"]), new Movie(3, "Toy Story", 1995, ["Animation"])]);
        const string Text = "Two picks:\n\n1. **Heat (1995)**: the heist.\n2. **Toy Story (1995)**: not picked.\n"
            + "3. **The Vault Job** (2031): invented.\n- **Casino** (1995) - also Scorsese.\nEnjoy **Heat**!";

        var kept = ReplyGrounding.DropUngroundedItems(Text, new HashSet<int> { 1, 2 }, catalog, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal("Two picks:\n\n1. **Heat (1995)**: the heist.\n- **Casino** (1995) - also Scorsese.\nEnjoy **Heat**!", kept);
    }
}

