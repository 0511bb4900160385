using System.Text;

namespace MovieRec.Core.Data;

/// <summary>
/// Reads the string literals of a Python-literal list such as "['David Lean']" or
/// "[{'id': 931, 'name': 'jealousy'}, {'id': 15101, 'name': \"based on children's book\"}]" (single or double quotes,
/// backslash escapes). Enough for the Kaggle files; not a Python parser.
/// </summary>
public static class PythonLiteral
{
    public static List<string> Strings(string text)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var quote = text[i];
            if (quote is not ('\'' or '"')) continue;
            sb.Clear();
            i++;
            for (; i < text.Length && text[i] != quote; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length) i++;
                sb.Append(text[i]);
            }
            result.Add(sb.ToString());
        }
        return result;
    }

    /// <summary>The values of the 'name' keys of a list of dicts.</summary>
    public static List<string> Names(string text)
    {
        var strings = Strings(text);
        var names = new List<string>();
        for (var i = 0; i + 1 < strings.Count; i++)
            if (strings[i] == "name") names.Add(strings[++i]);
        return names;
    }
}
