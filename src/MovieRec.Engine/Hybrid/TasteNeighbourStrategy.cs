using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Vectors;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// The strategy of a system we replace, kept as a named strategy for comparison: the prompt embedding
/// picks the top 500 movies; the prompt against every user's taste vector (the centroid of the embeddings
/// of the movies they rated highly) picks the top 50 users; a movie's score is those users' mean rating of it.
/// </summary>
public sealed class TasteNeighbourStrategy(RatingMatrix ratings, ContentIndex content, int movieCount = 500, int userCount = 50)
{
    private readonly Lazy<ExactVectorIndex> _tastes = new(() => BuildTastes(ratings, content));

    public IReadOnlyList<(int MovieId, double Score)> Score(float[] prompt, Func<int, bool> allowed)
    {
        var movies = content.Index.Search(prompt, movieCount, VectorFilter.Where(allowed));
        var users = _tastes.Value.Search(prompt, userCount);
        var neighbourInner = new HashSet<int>(users.Select(u => ratings.UserInner(u.Id) ?? -1));
        var scored = new List<(int, double)>(movies.Count);
        foreach (var hit in movies)
        {
            if (!ratings.TryGetItem(hit.Id, out var item)) continue;
            var raters = ratings.UsersOf(item);
            var values = ratings.ItemRatingsOf(item);
            double sum = 0;
            var n = 0;
            for (var i = 0; i < raters.Length; i++) if (neighbourInner.Contains(raters[i])) { sum += values[i]; n++; }
            if (n > 0) scored.Add((hit.Id, sum / n));
        }
        return scored;
    }

    private static ExactVectorIndex BuildTastes(RatingMatrix ratings, ContentIndex content)
    {
        var index = new ExactVectorIndex(content.Index.Dimension);
        var high = ratings.Scale.Max - 1;
        for (var u = 0; u < ratings.UserCount; u++)
        {
            var items = ratings.ItemsOf(u).ToArray();
            var values = ratings.ValuesOf(u).ToArray();
            var liked = items.Where((_, i) => values[i] >= high).Select(i => ratings.ItemIds[i]);
            if (content.Centroid(liked) is { } taste) index.Add(ratings.UserIds[u], taste);
        }
        return index;
    }
}
