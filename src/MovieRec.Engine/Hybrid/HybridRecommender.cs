using System.Globalization;
using MovieRec.Core.Domain;
using MovieRec.Engine.Recommenders;
using MovieRec.Engine.Text.Sentiment;
using MovieRec.Engine.Vectors;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// The engine the tools call. Candidates come from the vector index (query, seeds, taste) and the
/// collaborative model (known user, or fold-in from stated likes and ratings), filtered by the hard
/// constraints; each gets four normalized parts (collaborative, content, sentiment, popularity), a
/// weighted score, MMR diversity with a franchise rule, and the facts that explain it.
/// </summary>
public sealed class HybridRecommender
{
    private readonly IReadOnlyDictionary<int, Movie> _movies;
    private readonly RatingMatrix _ratings;
    private readonly IRecommender _collaborative;
    private readonly ContentIndex? _content;
    private readonly TagSentimentIndex? _sentiment;
    private readonly HybridOptions _options;
    private readonly TasteNeighbourStrategy? _tasteNeighbours;
    /// <summary>Franchise keys by movie id, computed once (regular expressions): every request needs its pool's keys.</summary>
    private readonly Dictionary<int, string> _franchiseKeys;
    private readonly ConstraintIndex _constraints;
    private readonly UserClusters? _clusters;

    public MovieStats Stats { get; }
    public IRecommender Collaborative => _collaborative;
    public ContentIndex? Content => _content;

    /// <param name="tags">Users' tags by movie (lower case), which the kids' filter reads too.</param>
    public HybridRecommender(IReadOnlyDictionary<int, Movie> movies, RatingMatrix ratings, IRecommender collaborative,
        ContentIndex? content, TagSentimentIndex? sentiment, HybridOptions options, UserClusters? clusters = null,
        IReadOnlyDictionary<int, IReadOnlyList<string>>? tags = null)
    {
        _clusters = clusters is { KnowsDemographics: true } ? clusters : null;
        _movies = movies;
        _ratings = ratings;
        _collaborative = collaborative;
        _content = content;
        _sentiment = sentiment;
        _options = options;
        Stats = new MovieStats(ratings, options.PopularityPriorCount);
        if (content is not null) _tasteNeighbours = new TasteNeighbourStrategy(ratings, content);
        _franchiseKeys = movies.ToDictionary(kv => kv.Key, kv => Franchise.Key(kv.Value.Title));
        _constraints = new ConstraintIndex(movies, Stats, tags);
    }

    public async Task<HybridResult> RecommendAsync(HybridRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var k = Math.Clamp(request.K, 1, 100);
        if (Contradiction(request) is { } reason) return new HybridResult([], reason);

        var allowed = AllowedMovies(request);
        bool Allowed(int id) => allowed.Allows(id);

        // content: the query, blended with the seeds' (or liked movies') descriptions
        float[]? contentQuery = null;
        if (_content is not null)
        {
            var text = await _content.EmbedAsync(request.Query, cancellationToken).ConfigureAwait(false);
            var anchors = request.SeedMovieIds.Count > 0 ? request.SeedMovieIds : request.LikedMovieIds;
            var taste = _content.Centroid(anchors) ?? UserTaste(request.UserId);
            contentQuery = text is null ? taste : taste is null ? text : ContentIndex.Blend(text, taste, 0.7f);
        }

        if (_options.Strategy == HybridStrategy.TasteNeighbours && _tasteNeighbours is not null && contentQuery is not null)
        {
            var scored = _tasteNeighbours.Score(contentQuery, Allowed);
            return Finish(request, scored.Select(s => new Candidate(s.MovieId) { Collaborative = s.Score }).ToList(), k, 1, 0, 0, 0, contentQuery);
        }

        var candidates = new Dictionary<int, Candidate>();
        if (contentQuery is not null)
        {
            foreach (var hit in _content!.Index.Search(contentQuery, _options.CandidatePool, allowed))
                candidates[hit.Id] = new Candidate(hit.Id) { Content = hit.Score };
        }

        var (profileSize, collaborative) = CollaborativeScores(request);
        if (collaborative is not null)
        {
            foreach (var id in TopAllowed(collaborative, _options.CandidatePool, Allowed))
                candidates.TryAdd(id, new Candidate(id));
        }
        if (candidates.Count < k * 3)
        {
            foreach (var id in _constraints.ByPopularity.Where(Allowed).Take(_options.CandidatePool))
                candidates.TryAdd(id, new Candidate(id));
        }
        if (candidates.Count == 0) return new HybridResult([], "no movie in the catalog meets all the constraints");

        foreach (var c in candidates.Values)
        {
            var rated = _ratings.TryGetItem(c.MovieId, out var inner);
            if (collaborative is not null && rated) c.Collaborative = collaborative[inner];
            if (contentQuery is not null && c.Content is null) c.Content = Cosine(contentQuery, c.MovieId);
            c.Sentiment = _sentiment?.Get(c.MovieId) is { } s ? (s.Score + 1) / 2 : 0.5;
            c.Popularity = rated ? Stats.ItemPopularity(inner) : 0; // unrated movies have no Bayesian average: 0, as Popularity says
        }

        // The more ratings we know, the more the collaborative part leads; the taste vector and the popularity prior
        // matter most for new users. Seeds ("like Heat") are strong evidence on their own: their co-raters are the neighbours asked for.
        var confidence = profileSize / (profileSize + _options.CollaborativeConfidenceRatings);
        var explicitContent = !string.IsNullOrWhiteSpace(request.Query) || request.SeedMovieIds.Count > 0 || request.LikedMovieIds.Count > 0;
        var wCollab = collaborative is null ? 0 : _options.CollaborativeWeight * (request.SeedMovieIds.Count > 0 ? 1 : confidence);
        var wContent = contentQuery is null ? 0 : _options.ContentWeight * (explicitContent ? 1 : 1 - confidence);
        var wPopularity = _options.PopularityWeight * (1 - confidence);
        if (request.Acclaimed) wPopularity = Math.Max(wPopularity, 2 * (wCollab + wContent));
        return Finish(request, [.. candidates.Values], k, wCollab, wContent, _options.SentimentWeight, wPopularity, contentQuery);
    }

    private HybridResult Finish(HybridRequest request, List<Candidate> candidates, int k,
        double wCollab, double wContent, double wSentiment, double wPopularity, float[]? contentQuery)
    {
        // collaborative scores are unbounded and skewed: a few strongly negative outliers would squash a min-max scaling,
        // so the median candidate is the floor (0) and the best is 1
        NormalizeFromMedian(candidates, c => c.Collaborative, (c, v) => c.Collaborative = v);
        NormalizeMinMax(candidates, c => c.Content, (c, v) => c.Content = v);
        var total = wCollab + wContent + wSentiment + wPopularity;
        if (total <= 0) (wPopularity, total) = (1, 1);
        // a kids' request also favours the Children genre: animation for adults can slip through the kids' filter
        var preferred = request.PreferGenres.Count > 0 || request.KidFriendly
            ? new HashSet<string>(request.KidFriendly ? request.PreferGenres.Append("Children") : request.PreferGenres, StringComparer.OrdinalIgnoreCase)
            : null;
        foreach (var c in candidates)
        {
            c.Score = (wCollab * (c.Collaborative ?? 0) + wContent * (c.Content ?? 0) + wSentiment * c.Sentiment + wPopularity * c.Popularity) / total;
            if (preferred is not null && _movies[c.MovieId].Genres.Any(preferred.Contains)) c.Score += _options.PreferredGenreBonus;
        }

        var pool = candidates.OrderByDescending(c => c.Score).Take(Math.Max(k * 8, 50)).ToList();
        var picked = Diversity.Select(pool, k, _options.MmrLambda, c => c.Score, Similarity,
            request.AllowSameFranchise ? null : c => _franchiseKeys[c.MovieId]);

        var explainer = new Explainer(_movies, _ratings, Stats, _sentiment, IsContentNeighbour);
        var items = picked.Select(c => new HybridRecommendation(_movies[c.MovieId], c.Score, c.Collaborative ?? 0, c.Content ?? 0, c.Sentiment, c.Popularity,
            explainer.Facts(c.MovieId, request, c.Content is > 0.5 && contentQuery is not null))).ToList();
        return new HybridResult(items, items.Count == 0 ? "no movie in the catalog meets all the constraints" : null);
    }

    /// <summary>Collaborative scores for every item (inner index), from the user's own row or a fold-in of everything stated; null when nothing is known.</summary>
    private (double ProfileSize, float[]? Scores) CollaborativeScores(HybridRequest request)
    {
        var stated = new Dictionary<int, float>();
        var top = _ratings.Scale.Max;
        foreach (var id in request.SeedMovieIds) stated[id] = top;
        foreach (var id in request.LikedMovieIds) stated[id] = top;
        foreach (var id in request.DislikedMovieIds) stated[id] = _ratings.Scale.Min;
        foreach (var (id, value) in request.StatedRatings) stated[id] = value;

        var known = request.UserId is { } uid && _ratings.TryGetUser(uid, out var userInner) ? userInner : -1;
        var scores = new float[_ratings.ItemCount];
        if (known >= 0 && stated.Count == 0)
        {
            _collaborative.Score(known, scores);
            return (_ratings.UserDegree(known), scores);
        }
        if (known < 0 && stated.Count == 0 && request.Demographics is { HasDemographics: true } demographics && _clusters is not null)
        {
            // the cluster prior stands in for ratings: as much evidence as CollaborativeConfidenceRatings of them, so
            // it leads and popularity still tempers it
            _clusters.ScoreForDemographics(demographics, scores);
            return (Math.Max(_options.CollaborativeConfidenceRatings, 1), scores);
        }
        if (_collaborative is not IFoldIn foldIn) return (0, null);

        var profile = new List<(int Item, float Value)>();
        if (known >= 0)
        {
            var items = _ratings.ItemsOf(known);
            var values = _ratings.ValuesOf(known);
            for (var i = 0; i < items.Length; i++)
                if (!stated.ContainsKey(_ratings.ItemIds[items[i]])) profile.Add((items[i], values[i]));
        }
        foreach (var (id, value) in stated)
            if (_ratings.TryGetItem(id, out var item)) profile.Add((item, value));
        if (profile.Count == 0) return (0, null);
        foldIn.ScoreNewUser(profile, scores);
        return (profile.Count, scores);
    }

    private List<int> TopAllowed(float[] scores, int count, Func<int, bool> allowed)
    {
        var ids = _ratings.ItemIds;
        return [.. Recommenders.TopK.SelectIndices(scores, count, item => allowed(ids[item])).Select(item => ids[item])];
    }

    /// <summary>
    /// The movies that pass the hard constraints and are not excluded, checked once per movie: the vector scan, the
    /// collaborative ranking and the popularity fallback would otherwise ask the same question of each movie again.
    /// </summary>
    private VectorFilter AllowedMovies(HybridRequest request) => _constraints.Allowed(request, ExcludedIds(request));

    private HashSet<int> ExcludedIds(HybridRequest request)
    {
        var excluded = new HashSet<int>(request.ExcludeMovieIds);
        excluded.UnionWith(request.DislikedMovieIds);
        excluded.UnionWith(request.SeedMovieIds);
        if (request.ExcludeSeen)
        {
            excluded.UnionWith(request.LikedMovieIds);
            excluded.UnionWith(request.StatedRatings.Keys);
            if (request.UserId is { } uid && _ratings.TryGetUser(uid, out var inner))
                foreach (var item in _ratings.ItemsOf(inner)) excluded.Add(_ratings.ItemIds[item]);
        }
        return excluded;
    }

    private static string? Contradiction(HybridRequest request)
    {
        if (request.YearFrom is { } from && request.YearTo is { } to && from > to)
            return string.Create(CultureInfo.InvariantCulture, $"the period asked for is empty ({from} to {to})");
        var both = request.Genres.Intersect(request.ExcludeGenres, StringComparer.OrdinalIgnoreCase).ToList();
        if (both.Count > 0 && (request.RequireAllGenres || both.Count == request.Genres.Count))
            return $"the genre {both[0]} is both wanted and excluded";
        if (request.KidFriendly && request.Genres.Count > 0 && request.Genres.All(g => KidFriendly.ExcludedGenres.Contains(g, StringComparer.OrdinalIgnoreCase)))
            return $"{string.Join(" and ", request.Genres)} movies are not suitable for children";
        return null;
    }

    /// <summary>The centroid of the descriptions of the movies a known user rated highly.</summary>
    private float[]? UserTaste(int? userId)
    {
        if (_content is null || userId is not { } id || !_ratings.TryGetUser(id, out var user)) return null;
        var items = _ratings.ItemsOf(user);
        var values = _ratings.ValuesOf(user);
        var high = _ratings.Scale.Max - 1;
        var liked = new List<int>();
        for (var i = 0; i < items.Length; i++) if (values[i] >= high) liked.Add(_ratings.ItemIds[items[i]]);
        return _content.Centroid(liked);
    }

    private double Cosine(float[] query, int movieId)
    {
        var v = _content is null ? default : _content.Index.GetVector(movieId);
        return v.IsEmpty ? 0 : System.Numerics.Tensors.TensorPrimitives.Dot(query, v);
    }

    /// <summary>A seed's content neighbours, for explanations: the movies at least as close as its 50th nearest in the catalog.</summary>
    private const int ContentNeighbours = 50;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, float> _neighbourThresholds = new();

    private bool IsContentNeighbour(int seedId, int movieId)
    {
        if (_content is null) return false;
        var seed = _content.Index.GetVector(seedId);
        var movie = _content.Index.GetVector(movieId);
        if (seed.IsEmpty || movie.IsEmpty) return false;
        var threshold = _neighbourThresholds.GetOrAdd(seedId, id =>
            _content.Index.Search(_content.Index.GetVector(id), ContentNeighbours + 1) is { Count: > 0 } hits ? hits[^1].Score : float.MaxValue);
        return System.Numerics.Tensors.TensorPrimitives.Dot(seed, movie) >= threshold;
    }

    /// <summary>How alike two candidates' descriptions are (MMR's redundancy term); 0 without content vectors.</summary>
    private double Similarity(Candidate a, Candidate b)
    {
        if (_content is null) return 0;
        var va = _content.Index.GetVector(a.MovieId);
        var vb = _content.Index.GetVector(b.MovieId);
        return va.IsEmpty || vb.IsEmpty ? 0 : System.Numerics.Tensors.TensorPrimitives.Dot(va, vb);
    }

    private static void NormalizeMinMax(List<Candidate> candidates, Func<Candidate, double?> get, Action<Candidate, double> set)
    {
        var values = candidates.Select(get).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (values.Count == 0) return;
        var (min, max) = (values.Min(), values.Max());
        foreach (var c in candidates)
            if (get(c) is { } v) set(c, max > min ? (v - min) / (max - min) : 1);
    }

    private static void NormalizeFromMedian(List<Candidate> candidates, Func<Candidate, double?> get, Action<Candidate, double> set)
    {
        var values = candidates.Select(get).Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (values.Count == 0) return;
        var (floor, top) = (values[values.Count / 2], values[^1]);
        foreach (var c in candidates)
            if (get(c) is { } v) set(c, top > floor ? Math.Clamp((v - floor) / (top - floor), 0, 1) : 1);
    }

    private sealed class Candidate(int movieId)
    {
        public int MovieId { get; } = movieId;
        public double? Collaborative { get; set; }
        public double? Content { get; set; }
        public double Sentiment { get; set; } = 0.5;
        public double Popularity { get; set; }
        public double Score { get; set; }
    }
}

/// <summary>Which movies suit children: Children or Animation, and nothing scary or violent.</summary>
public static class KidFriendly
{
    public static readonly string[] ExcludedGenres = ["Horror", "Thriller", "Crime", "War", "Film-Noir"];

    /// <summary>
    /// Words in a movie's TMDB keywords or users' tags that mark it as not for children, whatever its genres say:
    /// animation is not always for kids (Meet the Feebles, South Park, Heavy Metal 2000).
    /// </summary>
    public static readonly string[] AdultSignals =
    [
        "sex", "sexual", "sexuality", "nudity", "erotic", "pornography", "adult humor", "adult animation", "crude humor",
        "swear word", "profanity", "drug", "drugs", "drug addiction", "gore", "gory", "splatter", "extreme violence",
        "rape", "prostitute", "prostitution", "torture", "stoner",
    ];

    /// <summary>Kids' genres, none of the excluded ones, and no adult signal in the keywords or the <paramref name="tags"/>.</summary>
    public static bool Allows(Movie movie, IReadOnlyList<string>? tags = null)
    {
        var forKids = false;
        for (var i = 0; i < movie.Genres.Count; i++)
        {
            var g = movie.Genres[i];
            if (Array.IndexOf(ExcludedGenres, g) >= 0) return false;
            forKids |= g is "Children" or "Animation";
        }
        return forKids && !HasAdultSignal(movie.Metadata?.Keywords) && !HasAdultSignal(tags);
    }

    private static bool HasAdultSignal(IReadOnlyList<string>? words)
    {
        if (words is null) return false;
        foreach (var word in words)
            if (Array.IndexOf(AdultSignals, word.Trim().ToLowerInvariant()) >= 0) return true;
        return false;
    }
}
