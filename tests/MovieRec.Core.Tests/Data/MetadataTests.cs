using MovieRec.Core.Data;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Data;

public class MetadataTests
{
    [Fact]
    public void Import_then_load_covers_73_percent_of_latest_small_movies_and_96_percent_of_ratings()
    {
        using var temp = new TempDir();
        var summary = MetadataImporter.Import(SharedData.Root, temp.Path);
        Assert.True(File.Exists(summary.Path));
        Assert.Equal(4803, summary.RecordsPerSource[MetadataSources.Tmdb5000]);
        Assert.Equal(10000, summary.RecordsPerSource[MetadataSources.TmdbTop10K]); // placeholder 000 skipped
        Assert.Equal(2791, summary.RecordsPerSource[MetadataSources.Atguigu]);

        var ds = DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"),
            new DatasetLoadOptions { MetadataDirectory = Path.Combine(temp.Path, MetadataImporter.FolderName) });
        var covered = ds.Movies.Where(m => m.Metadata?.Overview is not null).Select(m => m.Id).ToHashSet();
        // data/README.md: 7,121 movies (73.1%) receiving 96,622 of 100,836 ratings (95.8%).
        Assert.Equal(7121, covered.Count);
        Assert.Equal(96622, ds.Ratings.Count(r => covered.Contains(r.MovieId)));

        var matrix = ds.Movies.Single(m => m.Id == 2571).Metadata!;
        Assert.Equal(MetadataSources.Tmdb5000, matrix.OverviewSource);
        Assert.Contains("hacker", matrix.Overview, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(matrix.Keywords);
        Assert.NotNull(matrix.Tagline);
        Assert.DoesNotContain(ds.Movies, m => m.Metadata?.Overview is { } o && (o.StartsWith("No overview", StringComparison.Ordinal) || o.StartsWith("It looks like", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ml100k_gets_metadata_by_title_and_year_and_never_a_differently_dated_scrape()
    {
        var ds = DatasetLoader.Load(SharedData.MovieLens("ml-100k"), new DatasetLoadOptions { MetadataDirectory = SharedData.Root });
        var covered = ds.Movies.Count(m => m.Metadata?.Overview is not null);
        Assert.InRange(covered, 1300, 1682); // measured 1,5xx of 1,682
        var seven = ds.Movies.Single(m => m.Title == "The Magnificent Seven" && m.Year == 1954);
        // The IMDb scrape for this item is the 2016 film: its year guard keeps it out.
        Assert.NotEqual(MetadataSources.Ml100kImdb, seven.Metadata?.OverviewSource);
        var toyStory = ds.Movies.Single(m => m.Id == 1).Metadata!;
        Assert.Equal(MetadataSources.Tmdb5000, toyStory.OverviewSource); // title + year join onto TMDB
    }

    [Fact]
    public void Merge_takes_each_field_from_the_first_source_that_has_it()
    {
        var movie = new MovieRec.Core.Domain.Movie(1, "Heat", 1995, ["Crime"]) { TmdbId = 949, ImdbId = "tt0113277" };
        MetadataRecord[] records =
        [
            new() { Source = MetadataSources.TmdbKeywords, TmdbId = 949, Keywords = ["from keywords.csv"] },
            new() { Source = MetadataSources.Atguigu, MovieLensId = 1, Overview = "atguigu text", Director = "Michael Mann", Cast = ["Al Pacino"] },
            new() { Source = MetadataSources.TmdbTop10K, TmdbId = 949, Overview = "top10k text" },
            new() { Source = MetadataSources.Tmdb5000, TmdbId = 949, Tagline = "A Los Angeles crime saga", Keywords = ["heist"] },
            new() { Source = MetadataSources.Ml100kImdb, ImdbId = "tt0113277", Overview = "imdb text", Director = "Someone Else" },
            new() { Source = MetadataSources.TmdbTop10K, TmdbId = 1, Overview = "another film" },
        ];
        Assert.Equal(1, MetadataImporter.Merge([movie], records, DatasetFormat.MovieLensLatest));
        var m = movie.Metadata!;
        Assert.Equal(("top10k text", MetadataSources.TmdbTop10K), (m.Overview, m.OverviewSource));
        Assert.Equal("A Los Angeles crime saga", m.Tagline);
        Assert.Equal(["heist"], m.Keywords);
        Assert.Equal("Michael Mann", m.Director);
        Assert.Equal(["Al Pacino"], m.Cast);
    }

    [Fact]
    public void Python_literal_lists_are_read_with_both_quote_styles()
    {
        var names = PythonLiteral.Names("[{'id': 10090, 'name': 'board game'}, {'id': 15101, 'name': \"based on children's book\"}]");
        Assert.Equal(["board game", "based on children's book"], names);
        Assert.Equal(["Peter OToole", "José Ferrer"], PythonLiteral.Strings("['Peter OToole', 'José Ferrer']"));
    }
}
