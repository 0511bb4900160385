using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Tests.Catalog;

public class PeopleIndexTests
{
    private static readonly Movie[] Movies =
    [
        new(1, "Sleepless in Seattle", 1993, ["Comedy"]) { Metadata = new MovieMetadata { Director = "Nora Ephron", Cast = ["Tom Hanks", "Meg Ryan"] } },
        new(2, "Cast Away", 2000, ["Drama"]) { Metadata = new MovieMetadata { Director = "Robert Zemeckis", Cast = ["Tom Hanks", "Helen Hunt"] } },
        new(3, "Big", 1988, ["Comedy"]),
        new(4, "Talk to Her", 2002, ["Drama"]) { Metadata = new MovieMetadata { Director = "Pedro Almodóvar", Cast = ["Cher"] } },
        new(5, "The Shining", 1980, ["Horror"]) { Metadata = new MovieMetadata { Director = "Stanley Kubrick" } },
        new(6, "Star Wars", 1977, ["Sci-Fi"]) { Metadata = new MovieMetadata { Director = "George Lucas", Cast = ["Harrison Ford"] } },
        new(7, "Apocalypse Now", 1979, ["War"]) { Metadata = new MovieMetadata { Director = "Francis Ford Coppola" } },
        new(8, "The Godfather Part III", 1990, ["Drama"]) { Metadata = new MovieMetadata { Director = "Sofia Coppola" } },
    ];

    private static readonly PeopleIndex Index = new(Movies, [new Tag(1, 3, "Tom Hanks", 0), new Tag(1, 3, "twist ending", 0)]);

    [Fact]
    public void Finds_named_people_in_any_case_or_accents_with_the_movies_their_credits_and_tags_give()
    {
        var found = Index.FindIn("a comedy with TOM HANKS and meg ryan, or by Pedro Almodovar");
        Assert.Equal(new HashSet<string> { "Tom Hanks", "Meg Ryan", "Pedro Almodóvar" }, found.Select(p => p.Name).ToHashSet());
        Assert.Equal(new HashSet<int> { 1, 2, 3 }, found.Single(p => p.Name == "Tom Hanks").MovieIds.ToHashSet()); // Big only by its tag
        Assert.Equal(new HashSet<int> { 4 }, found.Single(p => p.Name == "Pedro Almodóvar").MovieIds.ToHashSet());
    }

    [Fact]
    public void One_word_names_tags_that_are_no_person_and_partial_names_are_not_matches()
    {
        Assert.Empty(Index.FindIn("something with Cher"));
        Assert.Empty(Index.FindIn("twist ending"));
        Assert.Empty(Index.FindIn("tom and hanks"));
        Assert.Empty(Index.FindIn("a movie about kubrick")); // a surname alone only as "by Kubrick" or "a Kubrick film"
        Assert.Equal(11, Index.Count);
    }

    [Theory]
    [InlineData("something by Kubrick", "Stanley Kubrick")]
    [InlineData("a kubrick film from the 80s", "Stanley Kubrick")]
    [InlineData("the best Lucas movies", "George Lucas")]
    public void A_directors_surname_means_the_director_when_it_plainly_does(string message, string director) =>
        Assert.Equal(director, Assert.Single(Index.FindIn(message)).Name);

    [Fact]
    public void A_surname_two_directors_share_means_neither() => Assert.Empty(Index.FindIn("something by Coppola"));
}
