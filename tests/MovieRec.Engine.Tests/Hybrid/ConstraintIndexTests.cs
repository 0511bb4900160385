using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Recommenders;

namespace MovieRec.Engine.Tests.Hybrid;

public sealed class ConstraintIndexTests
{
    private static readonly Dictionary<int, Movie> Movies = new()
    {
        [1] = new Movie(1, "Toy Story", 1995, ["Animation", "Children", "Comedy"]),
        [2] = new Movie(2, "Heat", 1995, ["Action", "Crime", "Thriller"]) { Metadata = new MovieMetadata { RuntimeMinutes = 170 } },
        [3] = new Movie(3, "Airplane!", 1980, ["Comedy"]) { Metadata = new MovieMetadata { RuntimeMinutes = 88 } },
        [4] = new Movie(4, "Untitled", null, []),
        [5] = new Movie(5, "Shrek", 2001, ["Adventure", "Animation", "Children", "Comedy", "Fantasy", "Romance"]),
    };

    private static readonly ConstraintIndex Index = new(Movies, new MovieStats(RatingMatrix.Build(
        [new Rating(1, 1, 4, 0), new Rating(2, 1, 5, 0), new Rating(1, 3, 3, 0), new Rating(2, 2, 1, 0)], RatingScale.WholeStars)));

    /// <summary>The catalog's ids the filter lets through; its count must agree (the vector scan sizes its work by it).</summary>
    private static List<int> Allowed(HybridRequest request, params int[] excluded)
    {
        var filter = Index.Allowed(request, [.. excluded]);
        var ids = Movies.Keys.Where(filter.Allows).ToList();
        Assert.Equal(ids.Count, filter.AllowedCount);
        return ids;
    }

    [Fact]
    public void The_popularity_prior_puts_a_movie_rated_once_below_a_widely_rated_one_of_the_same_average()
    {
        // movie 1: rated 4 by one user; movie 2: rated 4 by twenty; movie 3: rated 2 by twenty (the average alone would tie 1 and 2)
        var ratings = new List<Rating> { new(1, 1, 4, 0) };
        for (var u = 1; u <= 20; u++) { ratings.Add(new Rating(u, 2, 4, 0)); ratings.Add(new Rating(u, 3, 2, 0)); }
        var stats = new MovieStats(RatingMatrix.Build(ratings, RatingScale.WholeStars), priorCount: 0);
        Assert.True(stats.Popularity(2) > stats.Popularity(1) + 0.3, $"{stats.Popularity(2)} vs {stats.Popularity(1)}");
        Assert.True(stats.Popularity(2) > stats.Popularity(3));
        Assert.Equal(0, stats.Popularity(99));
        Assert.All(new[] { 1, 2, 3 }, id => Assert.InRange(stats.Popularity(id), 0, 1));
    }

    [Fact]
    public void Kids_requests_leave_out_animation_whose_keywords_or_tags_say_it_is_for_adults()
    {
        var movies = new Dictionary<int, Movie>
        {
            [1] = new Movie(1, "Toy Story", 1995, ["Animation", "Children", "Comedy"]) { Metadata = new MovieMetadata { Keywords = ["toy", "friendship"] } },
            [2] = new Movie(2, "Meet the Feebles", 1989, ["Animation", "Comedy", "Musical"]) { Metadata = new MovieMetadata { Keywords = ["Pornography", "musical"] } },
            [3] = new Movie(3, "South Park: Bigger, Longer and Uncut", 1999, ["Animation", "Comedy", "Musical"]),
            [4] = new Movie(4, "Airplane!", 1980, ["Comedy"]),
        };
        var tags = new Dictionary<int, IReadOnlyList<string>> { [1] = ["pixar"], [3] = ["satire", "adult humor"] };
        var stats = new MovieStats(RatingMatrix.Build([new Rating(1, 1, 4, 0)], RatingScale.WholeStars));
        var kids = new HybridRequest { KidFriendly = true };

        var withSignals = new ConstraintIndex(movies, stats, tags).Allowed(kids, []);
        Assert.Equal([1], movies.Keys.Where(withSignals.Allows));
        var genresOnly = new ConstraintIndex(movies, stats).Allowed(kids, []); // without tags, only the keywords speak
        Assert.Equal([1, 3], movies.Keys.Where(genresOnly.Allows));
    }

    [Fact]
    public void Only_movie_ids_restrict_what_the_other_constraints_allow()
    {
        Assert.Equal([1, 3], Allowed(new HybridRequest { OnlyMovieIds = [1, 3, 99, -4, 3] }));
        Assert.Equal([3], Allowed(new HybridRequest { OnlyMovieIds = [1, 3], Genres = ["Comedy"], ExcludeGenres = ["Children"] }));
        Assert.Equal([1], Allowed(new HybridRequest { OnlyMovieIds = [1, 3] }, 3));
    }

    [Fact]
    public void Genres_match_any_or_all_case_insensitively_and_exclusions_win()
    {
        Assert.Equal([1, 3, 5], Allowed(new HybridRequest { Genres = ["comedy"] }));
        Assert.Equal([1, 2, 3, 5], Allowed(new HybridRequest { Genres = ["Comedy", "Crime"] }));
        Assert.Equal([1, 5], Allowed(new HybridRequest { Genres = ["Comedy", "Animation"], RequireAllGenres = true }));
        Assert.Equal([3], Allowed(new HybridRequest { Genres = ["Comedy"], ExcludeGenres = ["Children"] }));
        Assert.Equal([2, 3, 4], Allowed(new HybridRequest { ExcludeGenres = ["Animation", "Western"] }));
    }

    [Fact]
    public void A_genre_no_movie_has_matches_nothing_but_leaves_the_others_of_an_any_request()
    {
        Assert.Empty(Allowed(new HybridRequest { Genres = ["Western"] }));
        Assert.Equal([2], Allowed(new HybridRequest { Genres = ["Western", "Crime"] }));
        Assert.Empty(Allowed(new HybridRequest { Genres = ["Western", "Crime"], RequireAllGenres = true }));
    }

    [Fact]
    public void Years_counts_runtime_audience_and_excluded_ids_filter()
    {
        Assert.Equal([1, 2], Allowed(new HybridRequest { YearFrom = 1990, YearTo = 1999 }));
        Assert.Equal([1, 3], Allowed(new HybridRequest { MinRatingCount = 1, Genres = ["Comedy"] }));
        Assert.Equal([1], Allowed(new HybridRequest { MinRatingCount = 2 }));
        Assert.Equal([1, 3, 4, 5], Allowed(new HybridRequest { MaxRuntimeMinutes = 120 }));   // unknown runtime passes
        Assert.Equal([1, 5], Allowed(new HybridRequest { KidFriendly = true }));
        Assert.Equal([3, 4], Allowed(new HybridRequest(), 1, 2, 5));
    }

    [Fact]
    public void An_excluded_id_the_constraints_already_filtered_out_or_not_in_the_catalog_is_not_counted_twice()
    {
        Assert.Equal([1], Allowed(new HybridRequest { YearFrom = 1990, YearTo = 1999 }, 3, 2)); // Airplane! (1980) is out by year
        Assert.Equal([3], Allowed(new HybridRequest { Genres = ["Comedy"], ExcludeGenres = ["Children"] }, 1, 5)); // out by genre
        Assert.Equal([1, 2, 3, 4, 5], Allowed(new HybridRequest(), 6, 64, -1, 1_000_000));          // no such movie
    }

    [Fact]
    // Bayesian averages: Toy Story 3.46, Airplane! 3.23, Heat 3.05 (the lowest, so 0 like the unrated ones)
    public void Popularity_order_puts_rated_movies_first_and_keeps_catalog_order_for_ties()
        => Assert.Equal([1, 3, 2, 4, 5], Index.ByPopularity);
}
