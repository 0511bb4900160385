using System.Globalization;
using System.Text;

namespace MovieRec.Core.Data;

/// <summary>One skipped row: the file (name only), its 1-based line and why it was skipped.</summary>
public sealed record BadRow(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>What a load read and skipped, per file.</summary>
public sealed class LoadReport
{
    public static LoadReport Empty { get; } = new([], new Dictionary<string, FileCounts>());

    public LoadReport(IReadOnlyList<BadRow> badRows, IReadOnlyDictionary<string, FileCounts> files)
    {
        BadRows = badRows;
        Files = files;
    }

    /// <summary>Bad rows kept for display (capped per file by <see cref="DatasetLoadOptions.MaxReportedRowsPerFile"/>).</summary>
    public IReadOnlyList<BadRow> BadRows { get; }

    /// <summary>Rows read and rows skipped per file name.</summary>
    public IReadOnlyDictionary<string, FileCounts> Files { get; }

    public int TotalBadRows => Files.Values.Sum(f => f.Bad);

    /// <summary>Movies that received metadata from the imported sources (0 when none were merged).</summary>
    public int MoviesWithMetadata { get; init; }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (file, c) in Files)
            sb.Append(CultureInfo.InvariantCulture, $"{file}: {c.Rows:N0} rows, {c.Bad:N0} skipped\n");
        return sb.ToString();
    }
}

public readonly record struct FileCounts(int Rows, int Bad)
{
    public double BadFraction => Rows == 0 ? 0 : (double)Bad / Rows;
}

/// <summary>Collects bad rows while reading and enforces the bad-row threshold per file.</summary>
internal sealed class LoadReportBuilder(DatasetLoadOptions options)
{
    private readonly List<BadRow> _rows = [];
    private readonly Dictionary<string, (int Rows, int Bad, int Kept)> _files = new(StringComparer.Ordinal);

    public void Bad(string file, int line, string reason)
    {
        _files.TryGetValue(file, out var c);
        if (c.Kept < options.MaxReportedRowsPerFile) { _rows.Add(new BadRow(file, line, reason)); c.Kept++; }
        c.Bad++;
        _files[file] = c;
    }

    /// <summary>Records how many data rows (good + bad) the file had.</summary>
    public void Rows(string file, int rows)
    {
        _files.TryGetValue(file, out var c);
        c.Rows = rows;
        _files[file] = c;
    }

    /// <summary>Throws <see cref="DatasetFormatException"/> when the file has too many bad rows.</summary>
    public void Check(string file)
    {
        if (!_files.TryGetValue(file, out var c) || c.Bad == 0) return;
        var fraction = c.Rows == 0 ? 1 : (double)c.Bad / c.Rows;
        if (fraction <= options.MaxBadRowFraction) return;
        var examples = string.Join("\n  ", _rows.Where(r => r.File == file).Take(5));
        throw new DatasetFormatException(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {c.Bad:N0} of {c.Rows:N0} rows are bad ({fraction:P1}, more than the {options.MaxBadRowFraction:P1} allowed). First ones:\n  {examples}"))
        { Report = Build() };
    }

    public LoadReport Build(int moviesWithMetadata = 0) => new(_rows.ToList(),
        _files.ToDictionary(kv => kv.Key, kv => new FileCounts(kv.Value.Rows, kv.Value.Bad)))
    { MoviesWithMetadata = moviesWithMetadata };
}
