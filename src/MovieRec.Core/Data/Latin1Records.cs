using System.Text;

namespace MovieRec.Core.Data;

/// <summary>One line of a separated file, parsed: the record and its id, or why the line is rejected.</summary>
internal readonly record struct ParsedLine<T>(T? Record, int Id, string? Error)
{
    public static implicit operator ParsedLine<T>(string error) => new(default, 0, error);
}

/// <summary>The old MovieLens files (ml-1m's .dat, ml-100k's u.item and u.user): Latin-1 text, one record a line.</summary>
internal static class Latin1Records
{
    /// <summary>
    /// Splits every non-empty line and parses it; a rejected line, or one whose id came before, is reported with its
    /// line number and skipped, and too many bad lines fail the load (<see cref="LoadReportBuilder.Check"/>).
    /// </summary>
    public static List<T> Read<T>(string directory, string file, string separator, string idName, LoadReportBuilder report,
        Func<string[], ParsedLine<T>> parse)
    {
        var lines = File.ReadAllLines(DatasetLoader.Required(directory, file), Encoding.Latin1);
        var records = new List<T>();
        var seen = new HashSet<int>();
        var rows = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            rows++;
            var (record, id, error) = parse(lines[i].Split(separator));
            if (error is null && !seen.Add(id)) error = $"duplicate {idName} {id}";
            if (error is not null) { report.Bad(file, i + 1, error); continue; }
            records.Add(record!);
        }
        report.Rows(file, rows);
        report.Check(file);
        return records;
    }
}
