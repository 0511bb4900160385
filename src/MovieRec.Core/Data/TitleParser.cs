using System.Globalization;

namespace MovieRec.Core.Data;

/// <summary>
/// MovieLens titles: "Matrix, The (1999)" -> ("The Matrix", 1999); "City of Lost Children, The (Cité des enfants perdus, La) (1995)"
/// -> "The City of Lost Children (La Cité des enfants perdus)". Trailing articles are moved to the front, in the main title and
/// in alternative titles. A year range "(2006-2007)" gives its first year.
/// </summary>
public static class TitleParser
{
    /// <summary>Articles MovieLens moves behind a comma ("Misérables, Les", "Avventura, L'").</summary>
    public static readonly IReadOnlySet<string> Articles = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Lo", "I", "Gli", "Das", "Der", "Die", "Den", "Det", "De", "Het",
        "El", "Los", "Las", "Un", "Une", "Uno", "Una", "Ein", "Eine", "O", "Os", "As", "Ta", "To", "Ha", "Hi", "En", "Et",
    };

    public static (string Title, int? Year) Parse(string raw)
    {
        var s = raw.Trim();
        int? year = null;
        if (s.EndsWith(')'))
        {
            var open = s.LastIndexOf('(');
            if (open >= 0 && TryYear(s.AsSpan(open + 1, s.Length - open - 2), out var y))
            {
                year = y;
                s = s[..open].TrimEnd();
            }
        }
        return (FixArticles(s), year);
    }

    /// <summary>"(1995)", "(2006-2007)", "(2006– )": the first four digits when the rest is a range.</summary>
    private static bool TryYear(ReadOnlySpan<char> inner, out int year)
    {
        year = 0;
        inner = inner.Trim();
        if (inner.Length < 4 || !int.TryParse(inner[..4], NumberStyles.None, CultureInfo.InvariantCulture, out year)) return false;
        foreach (var c in inner[4..])
            if (!char.IsDigit(c) && c != '-' && c != '–' && c != ' ') return false;
        return year is >= 1870 and <= 2100;
    }

    /// <summary>Moves a trailing ", The" of the main title and of each parenthesized alternative title.</summary>
    private static string FixArticles(string s)
    {
        var paren = s.IndexOf(" (", StringComparison.Ordinal);
        if (paren <= 0) return MoveArticle(s);
        var main = MoveArticle(s[..paren]);
        var rest = s[(paren + 1)..];
        // Alternative titles: "(Cité des enfants perdus, La)", "(a.k.a. Foo, The)".
        var parts = new List<string>();
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] != '(') return main + " " + rest; // not a clean list of groups: keep as is
            var close = rest.IndexOf(')', i);
            if (close < 0) return main + " " + rest;
            var inner = rest[(i + 1)..close];
            var prefix = inner.StartsWith("a.k.a. ", StringComparison.OrdinalIgnoreCase) ? inner[..7] : "";
            parts.Add("(" + prefix + MoveArticle(inner[prefix.Length..]) + ")");
            i = close + 1;
            while (i < rest.Length && rest[i] == ' ') i++;
        }
        return main + " " + string.Join(' ', parts);
    }

    public static string MoveArticle(string title)
    {
        var comma = title.LastIndexOf(", ", StringComparison.Ordinal);
        if (comma <= 0) return title;
        var article = title[(comma + 2)..].Trim();
        if (!Articles.Contains(article)) return title;
        var head = title[..comma];
        return article.EndsWith('\'') ? article + head : article + " " + head;
    }
}
