using MovieRec.Core.Domain;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Tools;

/// <summary>
/// Turns what we know of the person asking (user id, session preferences, recorded feedback) into the
/// "who" of a hybrid request. Feedback acts at once: disliked and watched movies disappear, liked ones
/// anchor the taste, ratings feed the fold-in, and a genre disliked again and again (never liked) is left out
/// unless the request asks for it. Genres the person said they like earn a bonus; those they dislike are left out.
/// </summary>
internal static class Personalization
{
    public static HybridRequest Apply(HybridRequest request, MovieEngine engine, TurnContext context, bool includeUser = true)
    {
        var prefs = context.Session.Preferences;
        var liked = new HashSet<int>(prefs.LikedMovieIds);
        var disliked = new HashSet<int>(prefs.DislikedMovieIds);
        var watched = new HashSet<int>();
        var ratings = new Dictionary<int, float>();
        foreach (var f in context.Feedback.OrderBy(f => f.Timestamp))
        {
            switch (f.Signal)
            {
                case FeedbackSignal.Liked: liked.Add(f.MovieId); disliked.Remove(f.MovieId); break;
                case FeedbackSignal.Disliked: disliked.Add(f.MovieId); liked.Remove(f.MovieId); break;
                case FeedbackSignal.Watched: watched.Add(f.MovieId); break;
                case FeedbackSignal.Rating when f.Value is { } v: ratings[f.MovieId] = engine.Dataset.Scale.Clip(v); break;
            }
        }

        var excludedGenres = new HashSet<string>(request.ExcludeGenres, StringComparer.OrdinalIgnoreCase);
        excludedGenres.UnionWith(prefs.DislikedGenres);
        excludedGenres.UnionWith(AvoidedGenres(engine, liked, disliked));
        excludedGenres.ExceptWith(request.Genres);
        var preferredGenres = request.PreferGenres.Union(prefs.LikedGenres, StringComparer.OrdinalIgnoreCase).Except(excludedGenres, StringComparer.OrdinalIgnoreCase);

        return request with
        {
            UserId = includeUser ? request.UserId ?? context.UserId : null,
            LikedMovieIds = includeUser ? [.. request.LikedMovieIds.Union(liked)] : request.LikedMovieIds,
            DislikedMovieIds = [.. request.DislikedMovieIds.Union(disliked)],
            StatedRatings = includeUser ? Merge(request.StatedRatings, ratings) : request.StatedRatings,
            ExcludeMovieIds = [.. request.ExcludeMovieIds.Union(watched)],
            ExcludeGenres = [.. excludedGenres],
            PreferGenres = [.. preferredGenres],
            Demographics = request.Demographics ?? (context.UserId is { } uid ? engine.Users.GetValueOrDefault(uid) : null),
        };
    }

    /// <summary>Genres in at least two disliked movies and at least half of all dislikes, and in no liked movie.</summary>
    internal static IEnumerable<string> AvoidedGenres(MovieEngine engine, IReadOnlyCollection<int> liked, IReadOnlyCollection<int> disliked)
    {
        if (disliked.Count < 2) return [];
        var likedGenres = liked.Select(engine.Catalog.Get).OfType<Movie>().SelectMany(m => m.Genres).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return disliked.Select(engine.Catalog.Get).OfType<Movie>().SelectMany(m => m.Genres)
            .GroupBy(g => g, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() >= 2 && g.Count() * 2 >= disliked.Count && !likedGenres.Contains(g.Key))
            .Select(g => g.Key)
            .ToList();
    }

    private static Dictionary<int, float> Merge(IReadOnlyDictionary<int, float> a, Dictionary<int, float> b)
    {
        var merged = new Dictionary<int, float>(a);
        foreach (var (k, v) in b) merged[k] = v;
        return merged;
    }
}
