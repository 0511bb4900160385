using MovieRec.Core.Domain;

namespace MovieRec.Cli.Datasets;

/// <summary>The figures of `movierec data info`.</summary>
public sealed record DataInfo(
    string Name, string Format, int Movies, int Users, int Ratings, int Tags, double Density,
    int UsersWithDemographics, int MoviesWithMetadata, int MoviesWithOverview, double OverviewMovieShare,
    double OverviewRatingShare, int BadRows)
{
    public static DataInfo Of(MovieDataset ds)
    {
        var withOverview = ds.Movies.Where(m => !string.IsNullOrWhiteSpace(m.Metadata?.Overview)).Select(m => m.Id).ToHashSet();
        var ratingsCovered = ds.Ratings.Count(r => withOverview.Contains(r.MovieId));
        double cells = (double)ds.Users.Count * ds.Movies.Count;
        return new DataInfo(ds.Name, ds.Format.ToString(), ds.Movies.Count, ds.Users.Count, ds.Ratings.Count, ds.Tags.Count,
            cells == 0 ? 0 : ds.Ratings.Count / cells,
            ds.Users.Count(u => u.HasDemographics),
            ds.Movies.Count(m => m.Metadata is not null),
            withOverview.Count,
            ds.Movies.Count == 0 ? 0 : (double)withOverview.Count / ds.Movies.Count,
            ds.Ratings.Count == 0 ? 0 : (double)ratingsCovered / ds.Ratings.Count,
            ds.Report.TotalBadRows);
    }
}
