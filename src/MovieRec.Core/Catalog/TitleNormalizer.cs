using System.Globalization;
using System.Text;

namespace MovieRec.Core.Catalog;

/// <summary>Folds a title for matching: no accents, lower case, punctuation to spaces, single spaces, "&amp;" = "and".</summary>
public static class TitleNormalizer
{
    public static string Normalize(string title)
    {
        var decomposed = title.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (c == '\'' || c == '’' || c == '.') continue; // "Schindler's" = "schindlers", "S.W.A.T." = "swat"
            if (char.IsLetterOrDigit(c)) { sb.Append(char.ToLowerInvariant(c)); space = false; }
            else if (c == '&') { if (!space) sb.Append(' '); sb.Append("and "); space = true; }
            else if (!space) { sb.Append(' '); space = true; }
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString().Replace("ß", "ss", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal).Replace("œ", "oe", StringComparison.Ordinal);
    }

    /// <summary>A join key for title + year matching across sources.</summary>
    public static string Key(string title, int? year) => Normalize(title) + "|" + (year?.ToString(CultureInfo.InvariantCulture) ?? "");
}
