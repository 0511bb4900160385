using System.Globalization;
using System.Text;
using MovieRec.Core.Catalog;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Testing;
using Xunit.Abstractions;

namespace MovieRec.Core.Tests.Catalog;

public class MovieCatalogTests(ITestOutputHelper output)
{
    private static readonly Lazy<MovieDataset> Small = new(() =>
        DatasetLoader.Load(SharedData.MovieLens("ml-latest-small"), new DatasetLoadOptions { LoadMetadata = false }));

    private static readonly Lazy<MovieCatalog> Catalog = new(() => MovieCatalog.FromDataset(Small.Value));

    [Theory]
    [InlineData("The Matrix", 2571)]
    [InlineData("matrix", 2571)]
    [InlineData("Matrix, The", 2571)]
    [InlineData("the matrix (1999)", 2571)]
    [InlineData("Heat 1995", 6)]
    [InlineData("Heat (1995)", 6)]
    [InlineData("Rocky 2", 2409)]
    [InlineData("Rocky II", 2409)]
    [InlineData("rocky iii", 2410)]
    [InlineData("Les Miserables 1995", 73)]
    [InlineData("Misérables", 73)]
    [InlineData("Shawshank Redemptoin", 318)]
    [InlineData("godfather part 2", 1221)]
    [InlineData("AMELIE", 4973)]
    [InlineData("City of Lost Children", 29)]
    [InlineData("Cité des enfants perdus", 29)]
    [InlineData("Star Wars: Episode IV - A New Hope", 260)]
    [InlineData("Schindlers List", 527)]
    public void Finds_known_titles(string query, int expectedId)
    {
        var top = Catalog.Value.Find(query)[0];
        Assert.Equal(expectedId, top.Movie.Id);
        Assert.InRange(top.Confidence, 0.7, 1.0);
    }

    [Fact]
    public void Year_argument_picks_between_same_titles()
    {
        var hamlets = Small.Value.Movies.Where(m => m.Title == "Hamlet").ToList();
        Assert.True(hamlets.Count >= 2);
        foreach (var h in hamlets) Assert.Equal(h.Id, Catalog.Value.Find("hamlet", h.Year)[0].Movie.Id);
    }

    [Fact]
    public void Exact_lookup_by_ids()
    {
        Assert.Equal("Toy Story", Catalog.Value.Get(1)!.Title);
        Assert.Null(Catalog.Value.Get(-5));
        Assert.Equal(2571, Catalog.Value.GetByImdb("tt0133093")!.Id);
        Assert.Equal(2571, Catalog.Value.GetByTmdb(603)!.Id);
    }

    [Fact]
    public void Nonsense_gets_low_confidence()
    {
        var matches = Catalog.Value.Find("qwxzv jjkq");
        Assert.True(matches.Count == 0 || matches[0].Confidence < 0.5);
        Assert.Empty(Catalog.Value.Find("  "));
    }

    [Theory]
    [InlineData("ii", 2)]
    [InlineData("iv", 4)]
    [InlineData("xiv", 14)]
    [InlineData("mix", null)]
    [InlineData("iiii", null)]
    public void Roman_numerals(string token, int? value) => Assert.Equal(value, TitleKey.RomanToInt(token));

    /// <summary>
    /// 400 queries from real titles (fixed seed): typos, dropped or MovieLens-style articles, case, accents removed,
    /// "Title (year)", "Title year", no year. Correct = the target movie, or, for a query without a year, a movie with the
    /// very same title (same-named films are indistinguishable without the year).
    /// </summary>
    [Fact]
    public void Top1_accuracy_on_generated_queries_is_at_least_95_percent()
    {
        var rng = new Random(20261122);
        var movies = Small.Value.Movies;
        var catalog = Catalog.Value;
        int correct = 0, total = 0;
        var failures = new List<string>();
        while (total < 400)
        {
            var movie = movies[rng.Next(movies.Count)];
            var title = movie.Title;
            var paren = title.IndexOf(" (", StringComparison.Ordinal);
            if (paren > 0 && rng.Next(2) == 0) title = title[..paren]; // people type the main title
            var (query, hasYear) = Mutate(title, movie.Year, rng);
            total++;
            var top = catalog.Find(query, limit: 1);
            var ok = top.Count == 1 && (top[0].Movie.Id == movie.Id || (!hasYear && TitleKey.Of(top[0].Movie.Title) == TitleKey.Of(movie.Title)));
            if (ok) correct++;
            else failures.Add($"'{query}' -> {(top.Count > 0 ? top[0].Movie.DisplayTitle : "nothing")} (wanted {movie.DisplayTitle})");
        }
        var accuracy = (double)correct / total;
        output.WriteLine($"top-1 accuracy {accuracy:P1} on {total} queries");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P1}; failures:\n{string.Join('\n', failures)}");
    }

    private static (string Query, bool HasYear) Mutate(string title, int? year, Random rng)
    {
        var q = title;
        switch (rng.Next(6))
        {
            case 0: q = Typo(q, rng); break;
            case 1: q = DropArticle(q); break;
            case 2: q = rng.Next(2) == 0 ? q.ToLowerInvariant() : q.ToUpperInvariant(); break;
            case 3: q = StripAccents(q); break;
            case 4: q = MovieLensStyle(q); break;
            default: q = Typo(DropArticle(q.ToLowerInvariant()), rng); break;
        }
        if (year is null) return (q, false);
        return rng.Next(3) switch
        {
            0 => ($"{q} ({year})", true),
            1 => ($"{q} {year}", true),
            _ => (q, false),
        };
    }

    /// <summary>One substitution, deletion, insertion or transposition, in a word of 4+ letters (people do not mistype "Up").</summary>
    private static string Typo(string s, Random rng)
    {
        var positions = Enumerable.Range(1, Math.Max(0, s.Length - 2)).Where(i => char.IsLetter(s[i]) && char.IsLetter(s[i - 1]) && char.IsLetter(s[i + 1])).ToList();
        if (s.Length < 6 || positions.Count == 0) return s;
        var i = positions[rng.Next(positions.Count)];
        var c = (char)('a' + rng.Next(26));
        return rng.Next(4) switch
        {
            0 => s[..i] + c + s[(i + 1)..],
            1 => s[..i] + s[(i + 1)..],
            2 => s[..i] + c + s[i..],
            _ => s[..i] + s[i + 1] + s[i] + s[(i + 2)..],
        };
    }

    private static string DropArticle(string s)
    {
        foreach (var a in new[] { "The ", "A ", "An ", "Les ", "La ", "Le ", "the ", "a ", "an " })
            if (s.StartsWith(a, StringComparison.Ordinal) && s.Length > a.Length + 2) return s[a.Length..];
        return s;
    }

    private static string MovieLensStyle(string s)
    {
        foreach (var a in new[] { "The ", "A ", "An ", "Les ", "La ", "Le " })
            if (s.StartsWith(a, StringComparison.Ordinal) && s.Length > a.Length + 2) return $"{s[a.Length..]}, {a.TrimEnd()}";
        return s;
    }

    private static string StripAccents(string s) => new(s.Normalize(NormalizationForm.FormD)
        .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
}
