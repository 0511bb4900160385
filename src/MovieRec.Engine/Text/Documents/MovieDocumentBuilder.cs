using System.Text;
using MovieRec.Core.Domain;

namespace MovieRec.Engine.Text.Documents;

/// <summary>Which fields go into a movie's document. <see cref="WithoutTags"/> is the tag-queries protocol's setting.</summary>
public sealed record MovieDocumentOptions
{
    public bool Title { get; init; } = true;
    public bool Year { get; init; } = true;
    public bool Genres { get; init; } = true;
    public bool Tagline { get; init; } = true;
    public bool Overview { get; init; } = true;
    public bool Keywords { get; init; } = true;
    public bool Director { get; init; } = true;
    public int MaxCast { get; init; } = 5;
    public bool Tags { get; init; } = true;
    /// <summary>Most frequent distinct tags kept per movie.</summary>
    public int MaxTags { get; init; } = 20;

    public static MovieDocumentOptions Full { get; } = new();
    public static MovieDocumentOptions WithoutTags { get; } = new() { Tags = false };
}

/// <summary>One movie's text, as embedded by the text encoders.</summary>
public sealed record MovieDocument(int MovieId, string Text);

/// <summary>
/// Builds the one text per movie that every embedder reads (title, year, genres, tagline, overview, keywords,
/// director, top cast, users' tags). The only place where movie documents are made, so all embedders and
/// the evaluation see the same text.
/// </summary>
public sealed class MovieDocumentBuilder(MovieDocumentOptions? options = null)
{
    private const string NoGenres = "(no genres listed)";

    public MovieDocumentOptions Options { get; } = options ?? MovieDocumentOptions.Full;

    /// <summary>The document of one movie; <paramref name="tags"/> are its tag texts (any case, repeats allowed).</summary>
    public MovieDocument Build(Movie movie, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(movie);
        var o = Options;
        var m = movie.Metadata;
        var sb = new StringBuilder(256);

        if (o.Title) Sentence(sb, o.Year && movie.Year is { } y ? $"{movie.Title} ({y})" : movie.Title);
        else if (o.Year && movie.Year is { } year) Sentence(sb, year.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var genres = movie.Genres.Where(g => !string.IsNullOrWhiteSpace(g) && !g.Equals(NoGenres, StringComparison.OrdinalIgnoreCase)).ToList();
        if (o.Genres && genres.Count > 0) Sentence(sb, "Genres: " + string.Join(", ", genres));
        if (m is not null)
        {
            if (o.Tagline && !string.IsNullOrWhiteSpace(m.Tagline)) Sentence(sb, m.Tagline);
            if (o.Overview && !string.IsNullOrWhiteSpace(m.Overview)) Sentence(sb, m.Overview);
            if (o.Keywords && m.Keywords.Count > 0) Sentence(sb, "Keywords: " + string.Join(", ", m.Keywords));
            if (o.Director && !string.IsNullOrWhiteSpace(m.Director)) Sentence(sb, "Directed by " + m.Director);
            var cast = m.Cast.Where(c => !string.IsNullOrWhiteSpace(c)).Take(Math.Max(0, o.MaxCast)).ToList();
            if (cast.Count > 0) Sentence(sb, "Starring " + string.Join(", ", cast));
        }
        if (o.Tags && tags is not null)
        {
            var top = tags
                .Select(t => t.Trim().ToLowerInvariant())
                .Where(t => t.Length > 0)
                .GroupBy(t => t, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(Math.Max(0, o.MaxTags))
                .Select(g => g.Key)
                .ToList();
            if (top.Count > 0) Sentence(sb, "Tags: " + string.Join(", ", top));
        }
        return new MovieDocument(movie.Id, sb.ToString());
    }

    /// <summary>Documents for the whole catalog, in catalog order, with each movie's tags when the options include them.</summary>
    public IReadOnlyList<MovieDocument> BuildAll(MovieDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ILookup<int, string>? tags = Options.Tags ? dataset.Tags.ToLookup(t => t.MovieId, t => t.Text) : null;
        return dataset.Movies.Select(m => Build(m, tags?[m.Id])).ToList();
    }

    private static void Sentence(StringBuilder sb, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return;
        if (sb.Length > 0) sb.Append(' ');
        sb.Append(t);
        if (!char.IsPunctuation(t[^1]) || t[^1] == ')') sb.Append('.');
    }
}
