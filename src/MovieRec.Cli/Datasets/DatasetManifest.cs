using System.Reflection;
using System.Text.Json;

namespace MovieRec.Cli.Datasets;

/// <summary>data/datasets.json: where each dataset comes from and which files it must have.</summary>
public sealed record DatasetManifest
{
    public Dictionary<string, DatasetEntry> Datasets { get; init; } = [];

    /// <summary>MovieRec:DatasetsManifest when set, else DATA_DIR/datasets.json, else the copy embedded at build time.</summary>
    public static DatasetManifest Load(string? configuredPath, string dataDirectory)
    {
        var path = configuredPath ?? Path.Combine(dataDirectory, "datasets.json");
        if (File.Exists(path))
        {
            using var file = File.OpenRead(path);
            return JsonSerializer.Deserialize(file, CliJsonContext.Default.DatasetManifest)
                   ?? throw new CliException($"{path} is empty");
        }
        if (configuredPath is not null) throw new CliException($"Dataset manifest not found: {configuredPath}");
        using var embedded = Assembly.GetExecutingAssembly().GetManifestResourceStream("datasets.json")
                             ?? throw new CliException("datasets.json is missing from the build");
        return JsonSerializer.Deserialize(embedded, CliJsonContext.Default.DatasetManifest)!;
    }

    public DatasetEntry Get(string name) => Datasets.TryGetValue(name, out var entry)
        ? entry
        : throw new CliException($"Unknown dataset '{name}'. Known: {string.Join(", ", Datasets.Keys)}", ExitCodes.Usage);
}

public sealed record DatasetEntry
{
    /// <summary>The zip to download (MovieLens); null for file-by-file downloads (VADER).</summary>
    public string? Url { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>The files installed under data/NAME (copied by --from when present).</summary>
    public List<string> Files { get; init; } = [];
    /// <summary>The files without which the dataset is not installed.</summary>
    public List<string> Required { get; init; } = [];
    public List<FileDownload> Downloads { get; init; } = [];
    public string? License { get; init; }
}

public sealed record FileDownload(string File, string Url, string? Sha256);
