using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MovieRec.Engine.Text.Bert;

/// <summary>
/// BERT's tokenizer, as in google-research/bert tokenization.py and Hugging Face BertTokenizer:
/// basic tokenization (clean text, split CJK characters, whitespace, lower-case and strip accents,
/// split punctuation), then greedy longest-match-first WordPiece with "##" continuations.
/// </summary>
public sealed class WordPieceTokenizer
{
    public const int MaxCharsPerWord = 100;

    private readonly Dictionary<string, int> _vocab;

    public bool DoLowerCase { get; }
    /// <summary>Maximum sequence length including [CLS] and [SEP].</summary>
    public int MaxSequenceLength { get; }
    public int ClsId { get; }
    public int SepId { get; }
    public int UnkId { get; }
    public int PadId { get; }
    public int VocabSize => _vocab.Count;

    public WordPieceTokenizer(IReadOnlyList<string> vocab, bool doLowerCase = true, int maxSequenceLength = 512)
    {
        if (maxSequenceLength < 2) throw new ArgumentOutOfRangeException(nameof(maxSequenceLength), "must leave room for [CLS] and [SEP]");
        _vocab = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        for (int i = 0; i < vocab.Count; i++) _vocab.TryAdd(vocab[i], i); // first occurrence wins, as in HF
        DoLowerCase = doLowerCase;
        MaxSequenceLength = maxSequenceLength;
        int Special(string token) => _vocab.TryGetValue(token, out var id) ? id
            : throw new ModelLoadException("vocab.txt", $"special token {token} is missing");
        ClsId = Special("[CLS]");
        SepId = Special("[SEP]");
        UnkId = Special("[UNK]");
        PadId = _vocab.TryGetValue("[PAD]", out var pad) ? pad : 0;
    }

    /// <summary>Loads vocab.txt and the optional tokenizer_config.json (do_lower_case) from a model folder.</summary>
    public static WordPieceTokenizer Load(string folder, int maxSequenceLength)
    {
        var vocabPath = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(vocabPath)) throw new ModelLoadException("vocab.txt", "file not found");
        var text = ReadUtf8(vocabPath, "vocab.txt");
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) throw new ModelLoadException("vocab.txt", "is empty");

        bool lower = true;
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
                if (doc.RootElement.TryGetProperty("do_lower_case", out var v)) lower = v.GetBoolean();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new ModelLoadException("tokenizer_config.json", $"invalid JSON ({ex.Message})", ex);
            }
        }
        return new WordPieceTokenizer(lines, lower, maxSequenceLength);
    }

    /// <summary>Reads a UTF-8 text file (a BOM is skipped); invalid bytes fail with the line and byte offset.</summary>
    internal static string ReadUtf8(string path, string displayName)
    {
        var bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        for (int pos = 0, line = 1; pos < span.Length;)
        {
            if (Rune.DecodeFromUtf8(span[pos..], out var rune, out int consumed) != System.Buffers.OperationStatus.Done)
                throw new ModelLoadException(displayName, $"line {line} is not valid UTF-8 (byte offset {pos + bytes.Length - span.Length})");
            if (rune.Value == '\n') line++;
            pos += consumed;
        }
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>Token ids: [CLS] wordpieces [SEP], the wordpieces truncated to fit MaxSequenceLength.</summary>
    public int[] Encode(string text)
    {
        var pieces = TokenizeToIds(text);
        int keep = Math.Min(pieces.Count, MaxSequenceLength - 2);
        var ids = new int[keep + 2];
        ids[0] = ClsId;
        for (int i = 0; i < keep; i++) ids[i + 1] = pieces[i];
        ids[keep + 1] = SepId;
        return ids;
    }

    /// <summary>The wordpiece strings of a text (no special tokens, no truncation).</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var result = new List<string>();
        foreach (var word in BasicTokenize(text))
            WordPiece(word, result, null);
        return result;
    }

    public List<int> TokenizeToIds(string text)
    {
        var ids = new List<int>();
        foreach (var word in BasicTokenize(text))
            WordPiece(word, null, ids);
        return ids;
    }

    /// <summary>BERT's BasicTokenizer: the words and punctuation marks of a text.</summary>
    public List<string> BasicTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // clean text and put spaces around CJK characters
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            int cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(rune)) continue;
            if (IsWhitespace(rune)) cleaned.Append(' ');
            else if (IsCjk(cp)) cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else cleaned.Append(rune.ToString());
        }

        var output = new List<string>();
        foreach (var raw in SplitWhitespace(cleaned.ToString()))
        {
            var token = raw;
            if (DoLowerCase) token = StripAccents(token.ToLowerInvariant());
            SplitPunctuation(token, output);
        }
        return output;
    }

    private void WordPiece(string word, List<string>? pieces, List<int>? ids)
    {
        var runes = word.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length > MaxCharsPerWord) { Add("[UNK]", UnkId); return; }

        var found = new List<(string, int)>();
        int start = 0;
        while (start < runes.Length)
        {
            int end = runes.Length;
            (string, int)? match = null;
            while (start < end)
            {
                var sub = string.Concat(runes[start..end]);
                if (start > 0) sub = "##" + sub;
                if (_vocab.TryGetValue(sub, out var id)) { match = (sub, id); break; }
                end--;
            }
            if (match is null) { Add("[UNK]", UnkId); return; } // the whole word becomes [UNK]
            found.Add(match.Value);
            start = end;
        }
        foreach (var (piece, id) in found) Add(piece, id);

        void Add(string piece, int id)
        {
            pieces?.Add(piece);
            ids?.Add(id);
        }
    }

    private static IEnumerable<string> SplitWhitespace(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string StripAccents(string text)
    {
        var nfd = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(nfd.Length);
        foreach (var rune in nfd.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) sb.Append(rune.ToString());
        return sb.ToString();
    }

    private static void SplitPunctuation(string token, List<string> output)
    {
        var current = new StringBuilder();
        foreach (var rune in token.EnumerateRunes())
        {
            if (IsPunctuation(rune))
            {
                if (current.Length > 0) { output.Add(current.ToString()); current.Clear(); }
                output.Add(rune.ToString());
            }
            else current.Append(rune.ToString());
        }
        if (current.Length > 0) output.Add(current.ToString());
    }

    internal static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    internal static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>BERT treats all non-letter/number ASCII as punctuation (e.g. "$", "^", "`"), plus Unicode P* categories.</summary>
    internal static bool IsPunctuation(Rune r)
    {
        int cp = r.Value;
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    internal static bool IsCjk(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}
