using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;
using MovieRec.Engine.Hybrid;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Text.Sentiment;

namespace MovieRec.Engine;

/// <summary>Everything loaded that scores and describes movies: the one object the tools and services read.</summary>
public sealed class MovieEngine
{
    public MovieEngine(MovieDataset dataset, RatingMatrix ratings, HybridRecommender hybrid, TagSentimentIndex? sentiment, string description,
        IReadOnlyDictionary<int, IReadOnlyList<string>> tagsByMovie)
    {
        Dataset = dataset;
        Catalog = MovieCatalog.FromDataset(dataset);
        Ratings = ratings;
        Hybrid = hybrid;
        Sentiment = sentiment;
        Description = description;
        Users = dataset.Users.ToDictionary(u => u.Id);
        TagsByMovie = tagsByMovie;
        LatestYear = dataset.Movies.Max(m => m.Year ?? 0);
    }

    public MovieDataset Dataset { get; }
    public MovieCatalog Catalog { get; }
    public RatingMatrix Ratings { get; }
    public HybridRecommender Hybrid { get; }
    public TagSentimentIndex? Sentiment { get; }
    public IReadOnlyDictionary<int, User> Users { get; }
    /// <summary>Distinct tags of each movie (lower case), most applied first.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> TagsByMovie { get; }

    /// <summary>Distinct tags of each movie of <paramref name="dataset"/> (lower case), most applied first.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<string>> TagsOf(MovieDataset dataset) =>
        dataset.Tags.GroupBy(t => t.MovieId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)g.GroupBy(t => t.Text.Trim().ToLowerInvariant()).OrderByDescending(x => x.Count()).Select(x => x.Key).ToList());
    public int LatestYear { get; }
    /// <summary>What was loaded ("ml-latest-small, mf + lsa-256"), for logs and health.</summary>
    public string Description { get; }

    public MovieStats Stats => Hybrid.Stats;

    public bool IsKnownUser(int userId) => Ratings.TryGetUser(userId, out _) || Users.ContainsKey(userId);

    /// <summary>A user's ratings, best first.</summary>
    public IReadOnlyList<(Movie Movie, float Rating)> RatingsOf(int userId)
    {
        if (!Ratings.TryGetUser(userId, out var inner)) return [];
        var items = Ratings.ItemsOf(inner).ToArray();
        var values = Ratings.ValuesOf(inner).ToArray();
        return items.Zip(values)
            .Select(p => (Movie: Catalog.Get(Ratings.ItemIds[p.First]), Rating: p.Second))
            .Where(p => p.Movie is not null)
            .Select(p => (p.Movie!, p.Rating))
            .OrderByDescending(p => p.Rating).ThenByDescending(p => Stats.Count(p.Item1.Id))
            .ToList();
    }
}
