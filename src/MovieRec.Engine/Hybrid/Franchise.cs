using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MovieRec.Engine.Hybrid;

/// <summary>
/// A franchise key from a title: "Toy Story 2" and "Toy Story 3" share "toy story"; "Star Wars: Episode V"
/// and "Star Wars: Episode VI" share "star wars". Used to keep one entry per franchise near the top.
/// </summary>
public static partial class Franchise
{
    public static string Key(string title)
    {
        var t = RemoveDiacritics(title.ToLowerInvariant());
        var cut = t.IndexOfAny([':', '(']);
        if (cut > 0) t = t[..cut];
        var dash = t.IndexOf(" - ", StringComparison.Ordinal);
        if (dash > 0) t = t[..dash];
        t = SequelSuffix().Replace(t, "");
        t = LeadingArticle().Replace(t, "");
        return NonWord().Replace(t, " ").Trim();
    }

    /// <summary>Without accents, and with compatibility forms made plain: "Amélie" is "amelie", "Alien³" is "alien3".</summary>
    private static string RemoveDiacritics(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    // a number after a space ("Toy Story 2", "Part II") or, digits only, right after the title ("Alien³" is "alien3")
    [GeneratedRegex(@"(\s+(part\s+)?(\d+|ii|iii|iv|v|vi|vii|viii|ix|x|two|three|four|five)|(?<=\p{L})\d+)+\s*$")] private static partial Regex SequelSuffix();
    [GeneratedRegex(@"^(the|a|an)\s+")] private static partial Regex LeadingArticle();
    [GeneratedRegex(@"[^\p{L}\p{N}]+")] private static partial Regex NonWord();
}
