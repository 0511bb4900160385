using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>
/// Loads a MovieLens dataset folder. The format is detected from the files present: movies.csv (ml-latest family),
/// movies.dat (ml-1m) or u.item (ml-100k). Bad rows are skipped and listed in <see cref="MovieDataset.Report"/>; a file
/// with more than <see cref="DatasetLoadOptions.MaxBadRowFraction"/> bad rows fails the load with a
/// <see cref="DatasetFormatException"/>. Imported metadata (data/metadata/*.jsonl, see <see cref="MetadataImporter"/>)
/// is merged onto the movies when present.
/// </summary>
public static class DatasetLoader
{
    public static MovieDataset Load(string directory, DatasetLoadOptions? options = null, IProgress<double>? progress = null)
    {
        options ??= new DatasetLoadOptions();
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new DatasetNotFoundException($"Dataset folder not found: {full}") { Directory = full };
        var format = DetectFormat(full) ?? throw new DatasetNotFoundException(
            $"No MovieLens files in {full} (expected movies.csv, movies.dat or u.item)") { Directory = full };

        var report = new LoadReportBuilder(options);
        var raw = format switch
        {
            DatasetFormat.MovieLensLatest => MovieLensLatestReader.Read(full, options, report, progress),
            DatasetFormat.MovieLens1M => MovieLens1MReader.Read(full, options, report, progress),
            _ => MovieLens100KReader.Read(full, options, report, progress),
        };

        var withMetadata = 0;
        if (options.LoadMetadata)
        {
            var metadataDir = options.MetadataDirectory ?? DefaultMetadataDirectory(full);
            if (Directory.Exists(metadataDir))
            {
                var records = MetadataImporter.ReadFolder(metadataDir);
                withMetadata = MetadataImporter.Merge(raw.Movies, records, format);
            }
        }

        return new MovieDataset
        {
            Name = new DirectoryInfo(full).Name,
            Format = format,
            Movies = raw.Movies,
            Ratings = raw.Ratings,
            Tags = raw.Tags,
            Users = raw.Users,
            Scale = raw.Scale,
            Report = report.Build(withMetadata),
        };
    }

    /// <summary>data/metadata for data/ml-latest-small: imported metadata is shared by every dataset under data/.</summary>
    public static string DefaultMetadataDirectory(string datasetDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(datasetDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", MetadataImporter.FolderName);

    public static DatasetFormat? DetectFormat(string directory)
    {
        if (File.Exists(Path.Combine(directory, "movies.csv"))) return DatasetFormat.MovieLensLatest;
        if (File.Exists(Path.Combine(directory, "movies.dat"))) return DatasetFormat.MovieLens1M;
        if (File.Exists(Path.Combine(directory, "u.item"))) return DatasetFormat.MovieLens100K;
        return null;
    }

    /// <summary>The files a format needs to be loaded (ratings included).</summary>
    public static IReadOnlyList<string> RequiredFiles(DatasetFormat format) => format switch
    {
        DatasetFormat.MovieLensLatest => ["movies.csv", "ratings.csv"],
        DatasetFormat.MovieLens1M => ["movies.dat", "ratings.dat", "users.dat"],
        _ => ["u.data", "u.item", "u.user"],
    };

    internal static List<Rating> ReadRatings(string directory, string fileName, byte[] separator, bool header, RatingScale scale,
        IEnumerable<Movie> movies, bool[]? knownUsers, DatasetLoadOptions options, LoadReportBuilder report, IProgress<double>? progress)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            if (options.AllowMissingRatings) return [];
            throw new DatasetFormatException($"{fileName} is missing in {directory}");
        }
        var parser = new RatingsParser
        {
            Path = path, Separator = separator, HasHeader = header, Scale = scale,
            KnownMovies = IdSet(movies.Select(m => m.Id)), KnownUsers = knownUsers,
        };
        var ratings = parser.Parse(report, progress);
        report.Check(fileName);
        return ratings;
    }

    internal static bool[] IdSet(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        var set = new bool[list.Count == 0 ? 1 : list.Max() + 1];
        foreach (var id in list) set[id] = true;
        return set;
    }

    internal static string Required(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        return File.Exists(path) ? path : throw new DatasetFormatException($"{fileName} is missing in {directory}");
    }
}

/// <summary>What a format reader produced, before metadata is merged.</summary>
internal sealed record RawDataset(List<Movie> Movies, List<User> Users, List<Rating> Ratings, List<Tag> Tags, RatingScale Scale);
