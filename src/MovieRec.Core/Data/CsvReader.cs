using System.Text;

namespace MovieRec.Core.Data;

/// <summary>One record of a delimited file: the 1-based line it starts on, its fields, or why it could not be read.</summary>
public readonly record struct CsvRecord(int Line, string[] Fields, string? Error = null);

/// <summary>
/// A small RFC 4180 reader over a whole file's text: quoted fields with "" escapes and embedded line breaks,
/// CRLF or LF. Used for every file except the big ratings files (see <see cref="RatingsParser"/>).
/// </summary>
public static class CsvReader
{
    private static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads a UTF-8 file; invalid bytes become U+FFFD so the caller can report the affected rows (see <see cref="HasEncodingError"/>).</summary>
    public static string ReadUtf8(string path) => File.ReadAllText(path, Utf8Lenient);

    public static bool HasEncodingError(string[] fields) => fields.Any(f => f.Contains('\uFFFD', StringComparison.Ordinal));

    /// <summary>Splits text into records. With <paramref name="quoting"/> off, quotes are ordinary characters (the "^" and "|" files).</summary>
    public static IEnumerable<CsvRecord> Parse(string text, char separator = ',', bool quoting = true)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0, line = 1, n = text.Length;
        while (i < n)
        {
            var startLine = line;
            fields.Clear();
            var recordDone = false;
            string? error = null;
            while (!recordDone)
            {
                field.Clear();
                if (quoting && i < n && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < n)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                            i++; closed = true; break;
                        }
                        if (c == '\n') line++;
                        field.Append(c);
                        i++;
                    }
                    if (!closed) { error = "unterminated quoted field"; i = n; }
                    // Lenient: characters after the closing quote up to the separator are kept.
                    while (i < n && text[i] != separator && text[i] != '\n' && text[i] != '\r') field.Append(text[i++]);
                }
                else
                {
                    while (i < n && text[i] != separator && text[i] != '\n' && text[i] != '\r') field.Append(text[i++]);
                }
                fields.Add(field.ToString());
                if (i < n && text[i] == separator) { i++; continue; }
                // End of record: CRLF, LF, lone CR or end of text.
                if (i < n && text[i] == '\r') i++;
                if (i < n && text[i] == '\n') i++;
                line++;
                recordDone = true;
            }
            if (fields.Count == 1 && fields[0].Length == 0 && error is null) continue; // blank line
            yield return new CsvRecord(startLine, fields.ToArray(), error);
        }
    }

    /// <summary>Splits a line on a multi-character separator such as "::" (no quoting).</summary>
    public static string[] SplitLine(string line, string separator) => line.Split(separator);
}
