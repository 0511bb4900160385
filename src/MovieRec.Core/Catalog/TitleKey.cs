namespace MovieRec.Core.Catalog;

/// <summary>
/// The canonical form titles are compared in: <see cref="TitleNormalizer.Normalize"/> (case, accents, punctuation), then
/// a leading article dropped ("The Matrix" = "Matrix" = "Matrix, The") and roman numerals as digits ("Rocky II" = "Rocky 2").
/// </summary>
public static class TitleKey
{
    private static readonly HashSet<string> LeadingArticles = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "les", "la", "le", "il", "lo", "gli", "das", "der", "die", "den", "det", "el", "los", "las",
        "un", "une", "una", "uno", "ein", "eine", "het", "de",
    };

    public static string Of(string title)
    {
        var t = title.Trim();
        // "L'Avventura", "l'Atalante": the elided article.
        if (t.Length > 2 && (t[0] is 'L' or 'l' or 'D' or 'd') && t[1] is '\'' or '’') t = t[2..];
        // "Matrix, The" as typed by someone who knows MovieLens.
        t = Data.TitleParser.MoveArticle(t);
        var tokens = TitleNormalizer.Normalize(t).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = tokens.Length > 1 && LeadingArticles.Contains(tokens[0]) ? 1 : 0;
        for (var i = start; i < tokens.Length; i++)
            if (RomanToInt(tokens[i]) is { } n) tokens[i] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join(' ', tokens, start, tokens.Length - start);
    }

    /// <summary>"ii" -> 2 ... "xxxix" -> 39; anything else null. Applied to titles and queries alike, so "I, Robot" stays consistent.</summary>
    internal static int? RomanToInt(string token)
    {
        if (token.Length is 0 or > 6) return null;
        int total = 0, previous = 0;
        for (var i = token.Length - 1; i >= 0; i--)
        {
            var v = token[i] switch { 'i' => 1, 'v' => 5, 'x' => 10, _ => 0 };
            if (v == 0) return null;
            total += v < previous ? -v : v;
            previous = Math.Max(previous, v);
        }
        // Reject non-canonical spellings such as "iiii" or "vx" (likely words, not numerals).
        return total is > 0 and < 40 && ToRoman(total) == token ? total : null;
    }

    private static string ToRoman(int n)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (value, symbol) in new[] { (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i") })
            while (n >= value) { sb.Append(symbol); n -= value; }
        return sb.ToString();
    }
}
