using System.Diagnostics;
using System.Numerics.Tensors;
using MovieRec.Core.Domain;
using MovieRec.Engine.Text.Documents;
using MovieRec.Engine.Text.Lsa;

namespace MovieRec.Engine.Evaluation;

/// <summary>A tag-queries query: a tag text and the movies that carry it.</summary>
public sealed record TagQuery(string Text, IReadOnlySet<int> RelevantMovieIds);

/// <summary>One model's figures on the tag-queries protocol (metric names as in EVALUATION.md).</summary>
public sealed record TagQueryResult(string Model, int Queries, double RecallAtK, double NdcgAtK, int K, double FitSeconds,
    IReadOnlyDictionary<string, string> Params)
{
    public IReadOnlyDictionary<string, double> Metrics => new Dictionary<string, double>
    {
        [$"Recall@{K}"] = RecallAtK,
        [$"NDCG@{K}"] = NdcgAtK,
    };
}

/// <summary>
/// Protocol `tag-queries` (EVALUATION.md): queries = distinct lower-cased, trimmed tags applied to at least 3
/// different movies; relevant = the movies carrying the tag; documents are built WITHOUT tags; Recall@20 and
/// NDCG@20 (binary gains, ideal DCG over min(K, relevant)) averaged over queries; baselines random, genre-only
/// (query mapped to genres by name, ties by popularity) and popularity (number of ratings).
/// </summary>
public static class TagQueryEvaluation
{
    public const string Protocol = "tag-queries";
    public const int DefaultK = 20;
    public const int MinMoviesPerTag = 3;

    /// <summary>Ranks the catalog for a query; returns movie ids, best first (at least K of them when possible).</summary>
    public delegate IReadOnlyList<int> Ranker(string query, int k);

    public static IReadOnlyList<TagQuery> BuildQueries(IEnumerable<Tag> tags, int minMovies = MinMoviesPerTag) =>
        tags.Select(t => (Text: t.Text.Trim().ToLowerInvariant(), t.MovieId))
            .Where(t => t.Text.Length > 0)
            .GroupBy(t => t.Text, StringComparer.Ordinal)
            .Select(g => new TagQuery(g.Key, g.Select(t => t.MovieId).ToHashSet()))
            .Where(q => q.RelevantMovieIds.Count >= minMovies)
            .OrderBy(q => q.Text, StringComparer.Ordinal)
            .ToList();

    /// <summary>Recall@K and NDCG@K of one ranking.</summary>
    public static (double Recall, double Ndcg) Score(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        if (relevant.Count == 0) return (0, 0);
        double hits = 0, dcg = 0, ideal = 0;
        var n = Math.Min(k, ranked.Count);
        for (var i = 0; i < n; i++)
            if (relevant.Contains(ranked[i])) { hits++; dcg += 1 / Math.Log2(i + 2); }
        for (var i = 0; i < Math.Min(k, relevant.Count); i++) ideal += 1 / Math.Log2(i + 2);
        return (hits / relevant.Count, dcg / ideal);
    }

    public static TagQueryResult Evaluate(string model, IReadOnlyList<TagQuery> queries, Ranker ranker, int k = DefaultK,
        double fitSeconds = 0, IReadOnlyDictionary<string, string>? parameters = null)
    {
        double recall = 0, ndcg = 0;
        foreach (var q in queries)
        {
            var (r, n) = Score(ranker(q.Text, k), q.RelevantMovieIds, k);
            recall += r;
            ndcg += n;
        }
        var count = Math.Max(1, queries.Count);
        return new TagQueryResult(model, queries.Count, recall / count, ndcg / count, k, fitSeconds, parameters ?? new Dictionary<string, string>());
    }

    /// <summary>Runs the whole protocol: LSA (fitted here on tag-less documents) and the three baselines.</summary>
    public static IReadOnlyList<TagQueryResult> Run(MovieDataset dataset, LsaOptions? lsaOptions = null, int seed = 42, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lsaOptions ??= new LsaOptions { Seed = seed };
        var queries = BuildQueries(dataset.Tags);
        var documents = new MovieDocumentBuilder(MovieDocumentOptions.WithoutTags).BuildAll(dataset);

        var watch = Stopwatch.StartNew();
        using var lsa = LsaEmbedder.Fit(documents, lsaOptions);
        var fitSeconds = watch.Elapsed.TotalSeconds;
        var lsaParams = new Dictionary<string, string>
        {
            ["dimensions"] = lsa.Dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["vocabulary"] = lsa.VocabularySize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["power_iterations"] = lsaOptions.PowerIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["singular_value_exponent"] = lsaOptions.SingularValueExponent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        return
        [
            Evaluate("lsa", queries, EmbeddingRanker(lsa.DocumentIds, lsa.Dimensions, lsa.DocumentVector, lsa.Embed), k, fitSeconds, lsaParams),
            Evaluate("genre-only", queries, GenreRanker(dataset), k),
            Evaluate("popularity", queries, PopularityRanker(dataset), k),
            Evaluate("random", queries, RandomRanker(dataset.Movies.Select(m => m.Id).ToList(), seed), k),
        ];
    }

    /// <summary>Cosine (dot of unit vectors) between the query's embedding and every document, best first.</summary>
    public static Ranker EmbeddingRanker(IReadOnlyList<int> documentIds, int dimensions, Func<int, ReadOnlyMemory<float>> documentVector,
        Func<string, float[]> embed)
    {
        var matrix = new float[documentIds.Count * dimensions];
        for (var r = 0; r < documentIds.Count; r++) documentVector(r).Span.CopyTo(matrix.AsSpan(r * dimensions, dimensions));
        return (query, k) =>
        {
            var q = embed(query);
            var scores = new float[documentIds.Count];
            for (var r = 0; r < scores.Length; r++) scores[r] = TensorPrimitives.Dot(q, matrix.AsSpan(r * dimensions, dimensions));
            return TopK(scores, documentIds, k);
        };
    }

    /// <summary>The same ranking for every query: most rated first.</summary>
    public static Ranker PopularityRanker(MovieDataset dataset)
    {
        var order = ByPopularity(dataset);
        return (_, k) => order.Take(k).ToList();
    }

    /// <summary>
    /// Movies sharing the most genres named in the query ("sci-fi", "science fiction", "romantic", "animated" ...),
    /// ties broken by popularity; a query naming no genre falls back to popularity.
    /// </summary>
    public static Ranker GenreRanker(MovieDataset dataset)
    {
        var popularity = ByPopularity(dataset);
        var rank = new Dictionary<int, int>(popularity.Count);
        for (var i = 0; i < popularity.Count; i++) rank[popularity[i]] = i;
        var genres = dataset.Movies.SelectMany(m => m.Genres).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return (query, k) =>
        {
            var named = GenresNamedIn(query, genres);
            if (named.Count == 0) return popularity.Take(k).ToList();
            return dataset.Movies
                .Select(m => (m.Id, Matches: m.Genres.Count(named.Contains)))
                .Where(x => x.Matches > 0)
                .OrderByDescending(x => x.Matches).ThenBy(x => rank[x.Id])
                .Select(x => x.Id)
                .Concat(popularity)
                .Distinct()
                .Take(k)
                .ToList();
        };
    }

    /// <summary>A fresh seeded shuffle per query.</summary>
    public static Ranker RandomRanker(IReadOnlyList<int> movieIds, int seed)
    {
        var calls = 0;
        return (_, k) =>
        {
            var random = new Random(unchecked(seed * 7919 + calls++)); // HashCode is randomized per process: not usable here
            var ids = movieIds.ToArray();
            random.Shuffle(ids);
            return ids.Take(k).ToList();
        };
    }

    /// <summary>The catalog's genres a query names, by normalized name or a common form of it.</summary>
    public static HashSet<string> GenresNamedIn(string query, IEnumerable<string> genres)
    {
        var q = " " + Normalize(query) + " ";
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var genre in genres)
        {
            var forms = new List<string> { Normalize(genre) };
            forms.AddRange(Synonyms.GetValueOrDefault(Normalize(genre), []));
            if (forms.Any(f => f.Length > 0 && q.Contains(" " + f + " ", StringComparison.Ordinal))) named.Add(genre);
        }
        return named;
    }

    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["sci fi"] = ["scifi", "science fiction", "sf"],
        ["romance"] = ["romantic", "romcom", "rom com"],
        ["animation"] = ["animated", "anime", "cartoon"],
        ["comedy"] = ["comedies", "comedic"],
        ["children"] = ["kids", "children s", "childrens", "family"],
        ["musical"] = ["musicals", "music"],
        ["documentary"] = ["documentaries"],
        ["thriller"] = ["thrillers", "suspense"],
        ["horror"] = ["scary"],
        ["war"] = ["wwii", "world war ii", "vietnam"],
        ["film noir"] = ["noir"],
        ["crime"] = ["gangster", "gangsters", "mafia"],
        ["western"] = ["westerns"],
        ["fantasy"] = ["magic"],
        ["mystery"] = ["mysteries", "whodunit"],
        ["action"] = ["action packed"],
        ["drama"] = ["dramas"],
    };

    private static string Normalize(string s)
    {
        var chars = s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<int> ByPopularity(MovieDataset dataset)
    {
        var counts = new Dictionary<int, int>();
        foreach (var r in dataset.Ratings) counts[r.MovieId] = counts.GetValueOrDefault(r.MovieId) + 1;
        return dataset.Movies.Select(m => m.Id)
            .OrderByDescending(id => counts.GetValueOrDefault(id)).ThenBy(id => id)
            .ToList();
    }

    private static List<int> TopK(float[] scores, IReadOnlyList<int> ids, int k)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.Select(s => -s).ToArray();
        Array.Sort(keys, order); // deterministic for a given input
        return order.Take(k).Select(i => ids[i]).ToList();
    }
}
