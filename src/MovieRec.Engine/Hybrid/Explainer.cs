using System.Globalization;
using MovieRec.Core.Domain;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Text.Lsa;
using MovieRec.Engine.Text.Sentiment;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// Turns a recommendation into facts a person can check: "you rated Heat 5 stars; people who did rated this 4.4",
/// "its overview mentions heist, bank", "users tag it 'atmospheric' (sentiment +0.6)", "rated 4.1/5 by 210 users".
/// </summary>
/// <param name="isContentNeighbour">(seed, movie): whether the movie's description is among the seed's closest in the whole
/// catalog; "close to the seed" is claimed only then, not because it was the closest of what a filter left.</param>
internal sealed class Explainer(IReadOnlyDictionary<int, Movie> movies, RatingMatrix ratings, MovieStats stats, TagSentimentIndex? sentiment,
    Func<int, int, bool>? isContentNeighbour = null)
{
    private static readonly HashSet<string> StopWords =
        ["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "about", "from", "movie", "movies", "film", "films", "something", "like", "some", "that", "this", "is", "are", "me", "i", "my"];

    public IReadOnlyList<string> Facts(int movieId, HybridRequest request, bool contentMatched)
    {
        var facts = new List<string>();
        if (CollaborativeFact(movieId, request) is { } collaborative) facts.Add(collaborative);
        if (contentMatched && ContentFact(movieId, request) is { } content) facts.Add(content);
        // a reason to watch: the warmest tag only. The most negative ones are often content warnings
        // ("r:disturbing violent content") or quotes ("stupid is as stupid does"), no reason to pick a movie
        if (sentiment?.Get(movieId) is { MostPositiveTag: { } tag, MostPositiveCompound: >= 0.2 and var tagScore })
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"users tag it '{tag}' (sentiment {tagScore:+0.0;-0.0})"));
        if (stats.Mean(movieId) is { } mean)
        {
            var count = stats.Count(movieId);
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"rated {mean:0.0}/5 by {count} {(count == 1 ? "user" : "users")}"));
        }
        return facts;
    }

    /// <summary>The anchor (a seed, a liked movie, or the user's best-rated movie) whose fans rated this movie best.</summary>
    private string? CollaborativeFact(int movieId, HybridRequest request)
    {
        if (!ratings.TryGetItem(movieId, out var target)) return null;
        var high = ratings.Scale.Max - 1;
        var anchors = new List<(int MovieId, float? YourRating)>();
        anchors.AddRange(request.SeedMovieIds.Select(id => (id, (float?)null)));
        anchors.AddRange(request.LikedMovieIds.Select(id => (id, (float?)null)));
        anchors.AddRange(request.StatedRatings.Where(r => r.Value >= high).Select(r => (r.Key, (float?)r.Value)));
        if (request.UserId is { } uid && ratings.TryGetUser(uid, out var user))
        {
            var items = ratings.ItemsOf(user).ToArray();
            var values = ratings.ValuesOf(user).ToArray();
            anchors.AddRange(items.Zip(values).Where(p => p.Second >= high).OrderByDescending(p => p.Second).Take(25)
                .Select(p => (ratings.ItemIds[p.First], (float?)p.Second)));
        }

        (int Anchor, float? YourRating, int Fans, double Mean) best = default;
        foreach (var (anchor, yours) in anchors.DistinctBy(a => a.MovieId))
        {
            if (!ratings.TryGetItem(anchor, out var anchorInner)) continue;
            var fans = FansOf(anchorInner, high);
            var users = ratings.UsersOf(target);
            var values = ratings.ItemRatingsOf(target);
            double sum = 0;
            var n = 0;
            for (var i = 0; i < users.Length; i++) if (fans.Contains(users[i])) { sum += values[i]; n++; }
            if (n >= 3 && (best.Fans == 0 || sum / n * Math.Log(1 + n) > best.Mean * Math.Log(1 + best.Fans)))
                best = (anchor, yours, n, sum / n);
        }
        if (best.Fans == 0) return null;
        var title = movies.TryGetValue(best.Anchor, out var m) ? m.Title : "a movie you liked";
        return best.YourRating is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"you rated {title} {r:0.#} stars; people who did rated this {best.Mean:0.0}")
            : string.Create(CultureInfo.InvariantCulture, $"{best.Fans} people who loved {title} rated this {best.Mean:0.0} on average");
    }

    private readonly Dictionary<int, HashSet<int>> _fans = [];

    /// <summary>The users who rated an item highly (cached: the same anchors explain every result of a request).</summary>
    private HashSet<int> FansOf(int item, float high)
    {
        if (_fans.TryGetValue(item, out var fans)) return fans;
        fans = [];
        var users = ratings.UsersOf(item);
        var values = ratings.ItemRatingsOf(item);
        for (var i = 0; i < users.Length; i++) if (values[i] >= high) fans.Add(users[i]);
        return _fans[item] = fans;
    }

    /// <summary>The words of the query found in the movie's description, or how close it is to the seeds.</summary>
    private string? ContentFact(int movieId, HybridRequest request)
    {
        var movie = movies[movieId];
        var description = string.Join(' ', new[] { movie.Metadata?.Overview, movie.Metadata?.Tagline, string.Join(' ', movie.Metadata?.Keywords ?? []) }
            .Where(s => !string.IsNullOrEmpty(s)));
        if (!string.IsNullOrWhiteSpace(request.Query) && description.Length > 0)
        {
            // whole words, plurals folded as the search folds them: "dogs" finds "dog", and "war" is not found in "award"
            var described = LsaTokenizer.Words(description).ToHashSet(StringComparer.Ordinal);
            var words = request.Query.ToLowerInvariant().Split([' ', ',', '.', '!', '?', '-'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length > 2 && !StopWords.Contains(w)).Distinct()
                .Where(w => described.Contains(LsaTokenizer.Fold(w)))
                .Take(3).ToList();
            if (words.Count > 0) return $"its description mentions {string.Join(", ", words)}";
        }
        var seed = request.SeedMovieIds.Concat(request.LikedMovieIds).Select(id => movies.GetValueOrDefault(id)).FirstOrDefault(m => m is not null);
        if (seed is not null && isContentNeighbour?.Invoke(seed.Id, movieId) == true) return $"its story and themes are close to {seed.Title}'s";
        if (movie.Metadata?.Overview is { Length: > 0 } overview) return "about: " + FirstSentence(overview);
        return null;
    }

    /// <summary>The overview's first sentence, at most 140 characters; "Dr." or "Jack D." do not end it.</summary>
    internal static string FirstSentence(string text)
    {
        var end = -1;
        for (var i = text.IndexOfAny(SentenceEnds); i >= 0; i = text.IndexOfAny(SentenceEnds, i + 1))
        {
            var followedBySpace = i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]);
            if (followedBySpace && !(text[i] == '.' && IsAbbreviation(text.AsSpan(0, i)))) { end = i; break; }
        }
        var sentence = end > 0 ? text[..(end + 1)] : text;
        return sentence.Length <= 140 ? sentence : sentence[..137].TrimEnd() + "...";
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?'];
    private static readonly string[] Abbreviations = ["Dr", "Mr", "Mrs", "Ms", "St", "Jr", "Sr", "Lt", "Sgt", "Capt", "Col", "Gen", "Prof", "vs", "U.S", "U.K"];

    /// <summary>Whether the word before a full stop is a title ("Dr") or an initial ("Jack D"), so the sentence goes on.</summary>
    private static bool IsAbbreviation(ReadOnlySpan<char> before)
    {
        var start = before.LastIndexOf(' ') + 1;
        var word = before[start..];
        if (word.Length == 1 && char.IsUpper(word[0])) return true;
        foreach (var a in Abbreviations) if (word.Equals(a, StringComparison.Ordinal)) return true;
        return false;
    }
}
