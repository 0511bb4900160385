namespace MovieRec.Core.Data;

/// <summary>Options of <see cref="DatasetLoader.Load"/>.</summary>
public sealed record DatasetLoadOptions
{
    public const double DefaultMaxBadRowFraction = 0.01;

    /// <summary>Share of bad rows per file above which the load fails (default 1%). Bad rows below it are skipped and reported.</summary>
    public double MaxBadRowFraction { get; init; } = DefaultMaxBadRowFraction;

    /// <summary>Merge imported metadata (see <see cref="MetadataImporter"/>) onto the movies when a metadata folder exists.</summary>
    public bool LoadMetadata { get; init; } = true;

    /// <summary>Folder of imported metadata; default: "metadata" next to the dataset folder (data/metadata for data/ml-latest-small).</summary>
    public string? MetadataDirectory { get; init; }

    /// <summary>Allow a dataset without its ratings file (ml-1m copies without ratings.dat): movies and users only.</summary>
    public bool AllowMissingRatings { get; init; }

    /// <summary>How many bad rows are kept in the report per file (all are counted).</summary>
    public int MaxReportedRowsPerFile { get; init; } = 1000;
}
