using System.Text;

namespace MovieRec.Agent.Email;

/// <summary>The MIME encodings the writer needs: quoted-printable and base64 bodies (RFC 2045), encoded words and folding for headers (RFC 2047, RFC 5322).</summary>
internal static class MimeEncoding
{
    public const string Crlf = "\r\n";
    private const int MaxEncodedLine = 76;     // RFC 2045 limit for quoted-printable and base64 lines
    private const int MaxHeaderLine = 78;      // RFC 5322 "SHOULD" limit
    private const int EncodedWordBytes = 30;   // UTF-8 bytes per encoded word: 40 base64 chars, 52 with the markers

    /// <summary>Text with any line endings as CRLF lines.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    /// <summary>UTF-8 text as quoted-printable, lines of at most 76 characters joined with CRLF.</summary>
    public static string QuotedPrintable(string text)
    {
        var sb = new StringBuilder();
        var lines = Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) sb.Append(Crlf);
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            var lineLength = 0;
            for (var j = 0; j < bytes.Length; j++)
            {
                var b = bytes[j];
                var last = j == bytes.Length - 1;
                // Literal: printable ASCII except '=', and space/tab unless they end the line; a leading '.' is encoded
                // so no line can be mistaken for SMTP's end of data.
                var literal = (b is >= 33 and <= 126 && b != '=' && !(b == '.' && lineLength == 0))
                              || (b is (byte)' ' or (byte)'\t' && !last);
                var token = literal ? ((char)b).ToString() : $"={b:X2}";
                var reserve = last ? 0 : 1; // room for a soft break '='
                if (lineLength + token.Length + reserve > MaxEncodedLine)
                {
                    sb.Append('=').Append(Crlf);
                    lineLength = 0;
                    if (b == '.') token = "=2E";
                }
                sb.Append(token);
                lineLength += token.Length;
            }
        }
        return sb.ToString();
    }

    /// <summary>UTF-8 text (lines normalized to CRLF) as base64, lines of 76 characters joined with CRLF.</summary>
    public static string Base64(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join(Crlf, Lines(text)));
        return Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
    }

    /// <summary>A complete unstructured header ("Subject: ...") folded to short lines; non-ASCII text as encoded words.</summary>
    public static string UnstructuredHeader(string name, string value)
    {
        value = OneLine(value);
        if (IsPlainAscii(value) && !value.Contains("=?", StringComparison.Ordinal) && value.Split(' ').All(w => w.Length < 900))
            return Fold(name + ": " + value);
        return name + ": " + string.Join(Crlf + " ", EncodedWords(value));
    }

    /// <summary>A mailbox for From/To: "name &lt;address&gt;", the name quoted or encoded as needed.</summary>
    public static string Mailbox(EmailAddress address)
    {
        if (address.DisplayName is null) return address.Address;
        var name = OneLine(address.DisplayName);
        string phrase;
        if (!IsPlainAscii(name) || name.Contains("=?", StringComparison.Ordinal) || name.Length > 200)
            phrase = string.Join(Crlf + " ", EncodedWords(name));
        else if (name.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".Contains(c)))
            phrase = name;
        else
            phrase = "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        return $"{phrase} <{address.Address}>";
    }

    /// <summary>RFC 2047 "B" encoded words of at most <see cref="EncodedWordBytes"/> UTF-8 bytes each, never splitting a character.</summary>
    public static List<string> EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            if (chunk.Count + n > EncodedWordBytes) Flush();
            chunk.AddRange(buffer[..n].ToArray());
        }
        Flush();
        if (words.Count == 0) words.Add("=?utf-8?B??=");
        return words;

        void Flush()
        {
            if (chunk.Count == 0) return;
            words.Add("=?utf-8?B?" + Convert.ToBase64String(chunk.ToArray()) + "?=");
            chunk.Clear();
        }
    }

    /// <summary>Folds a header line at spaces so lines stay within 78 characters where words allow.</summary>
    private static string Fold(string line)
    {
        if (line.Length <= MaxHeaderLine) return line;
        var sb = new StringBuilder();
        var current = 0;
        var words = line.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                if (current + 1 + words[i].Length > MaxHeaderLine && current > 0) { sb.Append(Crlf); current = 0; }
                sb.Append(' ');
                current++;
            }
            sb.Append(words[i]);
            current += words[i].Length;
        }
        return sb.ToString();
    }

    private static bool IsPlainAscii(string s) => s.All(c => c is >= ' ' and <= '~');

    /// <summary>Header values are one line: CR, LF and tabs become spaces (no header injection).</summary>
    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
