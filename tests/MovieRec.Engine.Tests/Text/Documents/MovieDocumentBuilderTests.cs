using MovieRec.Core.Domain;
using MovieRec.Engine.Text.Documents;

namespace MovieRec.Engine.Tests.Text.Documents;

public sealed class MovieDocumentBuilderTests
{
    private static readonly Movie Heat = new(6, "Heat", 1995, ["Action", "Crime", "Thriller"])
    {
        Metadata = new MovieMetadata
        {
            Overview = "A group of professional bank robbers start to feel the heat from police.",
            Tagline = "A Los Angeles crime saga",
            Keywords = ["robbery", "detective"],
            Director = "Michael Mann",
            Cast = ["Al Pacino", "Robert De Niro", "Val Kilmer", "Jon Voight", "Tom Sizemore", "Diane Venora"],
        },
    };

    [Fact]
    public void Full_document_has_every_field()
    {
        var doc = new MovieDocumentBuilder().Build(Heat, ["Heist", "heist ", "great soundtrack", ""]);
        Assert.Equal(6, doc.MovieId);
        Assert.Equal(
            "Heat (1995). Genres: Action, Crime, Thriller. A Los Angeles crime saga. " +
            "A group of professional bank robbers start to feel the heat from police. Keywords: robbery, detective. " +
            "Directed by Michael Mann. Starring Al Pacino, Robert De Niro, Val Kilmer, Jon Voight, Tom Sizemore. " +
            "Tags: heist, great soundtrack.", doc.Text);
    }

    [Fact]
    public void Options_leave_fields_out()
    {
        var doc = new MovieDocumentBuilder(MovieDocumentOptions.WithoutTags with { MaxCast = 1, Keywords = false }).Build(Heat, ["heist"]);
        Assert.DoesNotContain("heist", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("robbery", doc.Text, StringComparison.Ordinal);
        Assert.Contains("Starring Al Pacino.", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("De Niro", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Movie_without_metadata_or_genres_still_gets_its_title()
    {
        var doc = new MovieDocumentBuilder().Build(new Movie(1, "Unknown", null, ["(no genres listed)"]));
        Assert.Equal("Unknown.", doc.Text);
    }

    [Fact]
    public void BuildAll_attaches_each_movies_tags()
    {
        var dataset = new MovieDataset
        {
            Name = "tiny",
            Movies = [Heat, new Movie(7, "Other", 2000, ["Drama"])],
            Ratings = [],
            Users = [],
            Tags = [new Tag(1, 7, "slow", 0)],
        };
        var docs = new MovieDocumentBuilder().BuildAll(dataset);
        Assert.Equal([6, 7], docs.Select(d => d.MovieId));
        Assert.EndsWith("Tags: slow.", docs[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tags:", docs[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tags:", new MovieDocumentBuilder(MovieDocumentOptions.WithoutTags).BuildAll(dataset)[1].Text, StringComparison.Ordinal);
    }
}
