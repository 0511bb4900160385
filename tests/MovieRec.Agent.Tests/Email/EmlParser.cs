using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MovieRec.Agent.Tests.Email;

/// <summary>A deliberately independent little MIME reader, so the tests check the writer's output rather than trust it.</summary>
internal static partial class EmlParser
{
    public sealed record Part(string MediaType, string Charset, string TransferEncoding, string Body);

    public sealed record Email(Dictionary<string, string> Headers, Dictionary<string, string> RawHeaders, List<Part> Parts)
    {
        public Part Single(string mediaType) => Parts.Single(p => p.MediaType == mediaType);
    }

    public static Email Parse(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) throw new FormatException($"bare LF at {i}");
            if (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')) throw new FormatException($"bare CR at {i}");
        }
        var (rawHeaders, body) = SplitHeaders(raw);
        var headers = rawHeaders.ToDictionary(h => h.Key, h => DecodeWords(h.Value), StringComparer.OrdinalIgnoreCase);
        var contentType = rawHeaders["Content-Type"];
        var boundary = BoundaryRegex().Match(contentType).Groups[1].Value;
        var parts = new List<Part>();
        var sections = body.Split("\r\n--" + boundary);
        // sections[0] is the preamble; the last section starts with "--" (the close delimiter)
        foreach (var section in sections.Skip(1))
        {
            if (section.StartsWith("--", StringComparison.Ordinal)) break;
            var (partHeaders, partBody) = SplitHeaders(section[(section.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]);
            var type = partHeaders["Content-Type"];
            var cte = partHeaders["Content-Transfer-Encoding"].Trim().ToLowerInvariant();
            var charset = CharsetRegex().Match(type).Groups[1].Value.ToLowerInvariant();
            var bytes = cte switch
            {
                "quoted-printable" => DecodeQuotedPrintable(partBody),
                "base64" => Convert.FromBase64String(new string(partBody.Where(c => !char.IsWhiteSpace(c)).ToArray())),
                _ => throw new FormatException("unknown transfer encoding " + cte),
            };
            parts.Add(new Part(type.Split(';')[0].Trim(), charset, cte, Encoding.UTF8.GetString(bytes)));
        }
        return new Email(headers, rawHeaders, parts);
    }

    public static byte[] DecodeQuotedPrintable(string text)
    {
        text = text.Replace("=\r\n", "");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=')
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else bytes.Add(checked((byte)text[i]));
        }
        return [.. bytes];
    }

    /// <summary>RFC 2047 encoded words (B and Q); whitespace between adjacent encoded words is dropped.</summary>
    public static string DecodeWords(string value)
    {
        value = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return EncodedWordRegex().Replace(value, m =>
        {
            var bytes = m.Groups[2].Value.ToUpperInvariant() == "B"
                ? Convert.FromBase64String(m.Groups[3].Value)
                : DecodeQuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes);
        });
    }

    /// <summary>"Name &lt;address&gt;" from a decoded From/To value, the name unquoted.</summary>
    public static (string? Name, string Address) Mailbox(string value)
    {
        var lt = value.LastIndexOf('<');
        if (lt < 0) return (null, value.Trim());
        var name = value[..lt].Trim();
        if (name.StartsWith('"') && name.EndsWith('"')) name = Regex.Replace(name[1..^1], @"\\(.)", "$1");
        return (name, value[(lt + 1)..value.LastIndexOf('>')]);
    }

    public static DateTimeOffset ParseDate(string value)
    {
        var zone = value[^5..];
        var local = DateTime.ParseExact(value[..^6], "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var offset = new TimeSpan(int.Parse(zone[1..3], CultureInfo.InvariantCulture), int.Parse(zone[3..5], CultureInfo.InvariantCulture), 0);
        return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var body = end < 0 ? "" : text[(end + 4)..];
        var unfolded = head.Replace("\r\n ", " ").Replace("\r\n\t", " ");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in unfolded.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (!headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim())) throw new FormatException("duplicate header " + line[..colon]);
        }
        return (headers, body);
    }

    [GeneratedRegex("boundary=\"?([^\";]+)\"?")]
    private static partial Regex BoundaryRegex();

    [GeneratedRegex("charset=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetRegex();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}
