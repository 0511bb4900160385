using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Data;

/// <summary>The readers on the real MovieLens copies in ../shared/data (read-only; nothing is copied).</summary>
public class RealDatasetTests
{
    private static readonly DatasetLoadOptions NoMetadata = new() { LoadMetadata = false };

    [Fact]
    public void LatestSmall_has_the_published_counts()
    {
        var ds = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"), NoMetadata);
        Assert.Equal("ml-latest-small", ds.Name);
        Assert.Equal(DatasetFormat.MovieLensLatest, ds.Format);
        Assert.Equal(9742, ds.Movies.Count);
        Assert.Equal(610, ds.Users.Count);
        Assert.Equal(100836, ds.Ratings.Count);
        Assert.Equal(3683, ds.Tags.Count);
        Assert.Equal(RatingScale.HalfStars, ds.Scale);
        Assert.Equal(0, ds.Report.TotalBadRows);
        Assert.Equal(8, ds.Movies.Count(m => m.TmdbId is null));

        var matrix = ds.Movies.Single(m => m.Id == 2571);
        Assert.Equal("The Matrix", matrix.Title);
        Assert.Equal(1999, matrix.Year);
        Assert.Equal("tt0133093", matrix.ImdbId);
        Assert.Equal(603, matrix.TmdbId);
        Assert.Equal(34, ds.Movies.Count(m => m.Genres.Count == 0)); // "(no genres listed)"
        Assert.Contains(ds.Movies, m => m.Title == "Babylon 5" && m.Year is null);
    }

    [Fact]
    public void Ml100k_has_the_published_counts_and_demographics()
    {
        var ds = DatasetLoader.Load(SharedData.MovieLens("ml-100k"), NoMetadata);
        Assert.Equal(DatasetFormat.MovieLens100K, ds.Format);
        Assert.Equal(1682, ds.Movies.Count);
        Assert.Equal(943, ds.Users.Count);
        Assert.Equal(100000, ds.Ratings.Count);
        Assert.All(ds.Users, u => Assert.True(u.HasDemographics && u.Age > 0 && u.Gender != Gender.Unknown && u.ZipCode is not null));
        Assert.Equal(RatingScale.WholeStars, ds.Scale);
        var toyStory = ds.Movies.Single(m => m.Id == 1);
        Assert.Equal(("Toy Story", 1995), (toyStory.Title, toyStory.Year));
        Assert.Equal(["Animation", "Children's", "Comedy"], toyStory.Genres);
        Assert.Equal("Les Misérables", ds.Movies.Single(m => m.Title.StartsWith("Les Mis", StringComparison.Ordinal)).Title); // Latin-1
    }

    [Fact]
    public void Ml1m_movies_and_users_load_without_ratings_when_allowed()
    {
        var dir = SharedData.MovieLens("ml-1m");
        Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(dir, NoMetadata));
        var ds = DatasetLoader.Load(dir, NoMetadata with { AllowMissingRatings = true });
        Assert.Equal(DatasetFormat.MovieLens1M, ds.Format);
        Assert.Equal(3883, ds.Movies.Count);
        Assert.Equal(6040, ds.Users.Count);
        Assert.Empty(ds.Ratings);
        var u1 = ds.Users.Single(u => u.Id == 1);
        Assert.Equal(new User(1, 1, Gender.Female, "K-12 student", "48067"), u1);
        Assert.Contains(ds.Movies, m => m.Title.Contains('é', StringComparison.Ordinal)); // Latin-1 decoded
    }
}
