using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace MovieRec.Engine.Text.Vader;

/// <summary>
/// The VADER word lexicon (token -> mean valence) and emoji lexicon (emoji -> description),
/// read from the original vaderSentiment files the way the reference reads them.
/// </summary>
public sealed class VaderLexicon
{
    public const string LexiconFileName = "vader_lexicon.txt";
    public const string EmojiFileName = "emoji_utf8_lexicon.txt";

    private VaderLexicon(FrozenDictionary<string, double> words, FrozenDictionary<int, string> emojis)
    {
        Words = words;
        WordLookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        Emojis = emojis;
    }

    /// <summary>Token (as written in the file, lower-case except emoticons) to mean valence (-4..+4).</summary>
    public FrozenDictionary<string, double> Words { get; }

    /// <summary>Single-code-point emoji to its description. The reference scans text code point by code point,
    /// so multi-code-point entries of the file (flags, ZWJ sequences) can never match and are left out.</summary>
    public FrozenDictionary<int, string> Emojis { get; }

    internal FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> WordLookup { get; }

    /// <summary>Reads vader_lexicon.txt and emoji_utf8_lexicon.txt from <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">A lexicon file is missing.</exception>
    /// <exception cref="FormatException">A line is malformed (the message names file and line).</exception>
    public static VaderLexicon Load(string folder)
    {
        var lexiconPath = Path.Combine(folder, LexiconFileName);
        var emojiPath = Path.Combine(folder, EmojiFileName);
        foreach (var path in new[] { lexiconPath, emojiPath })
            if (!File.Exists(path))
                throw new FileNotFoundException($"VADER lexicon file not found: {path}", path);
        using var lexicon = new StreamReader(lexiconPath, Encoding.UTF8);
        using var emoji = new StreamReader(emojiPath, Encoding.UTF8);
        return Parse(lexicon, emoji, lexiconPath, emojiPath);
    }

    /// <summary>Parses the two files' contents; names are only used in error messages.</summary>
    public static VaderLexicon Parse(TextReader lexicon, TextReader emoji, string lexiconName = LexiconFileName, string emojiName = EmojiFileName)
    {
        var words = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (lineNumber, token, value) in ReadPairs(lexicon, lexiconName))
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                throw new FormatException($"{lexiconName}:{lineNumber}: valence '{value}' is not a number");
            words[token] = valence; // later lines win, as in the reference's dict
        }

        var emojis = new Dictionary<int, string>();
        foreach (var (_, key, description) in ReadPairs(emoji, emojiName))
        {
            if (Rune.DecodeFromUtf16(key, out var rune, out var used) == System.Buffers.OperationStatus.Done && used == key.Length)
                emojis[rune.Value] = description;
        }
        if (words.Count == 0) throw new FormatException($"{lexiconName}: the lexicon is empty");
        return new VaderLexicon(words.ToFrozenDictionary(StringComparer.Ordinal), emojis.ToFrozenDictionary());
    }

    /// <summary>Lines split as the reference does: strip, split on tab, first two fields; empty lines skipped.</summary>
    private static IEnumerable<(int Line, string Key, string Value)> ReadPairs(TextReader reader, string name)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = Trim(line);
            if (trimmed.Length == 0) continue;
            var tab = trimmed.IndexOf('\t');
            if (tab < 0) throw new FormatException($"{name}:{lineNumber}: expected a tab-separated line");
            var rest = trimmed[(tab + 1)..];
            var nextTab = rest.IndexOf('\t');
            yield return (lineNumber, trimmed[..tab].ToString(), (nextTab < 0 ? rest : rest[..nextTab]).ToString());
        }
    }

    internal static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && PythonCompat.IsSpace(s[start])) start++;
        while (end > start && PythonCompat.IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    private static string Trim(string s) => Trim(s.AsSpan()).ToString();
}
