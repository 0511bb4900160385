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
    public void Python_literal_lists_are_read_with_both_quote_styles()
    {
        var names = PythonLiteral.Names("[{'id': 10090, 'name': 'board game'}, {'id': 15101, 'name': \"based on children's book\"}]");
        Assert.Equal(["board game", "based on children's book"], names);
        Assert.Equal(["Peter OToole", "José Ferrer"], PythonLiteral.Strings("['Peter OToole', 'José Ferrer']"));
    }
}
