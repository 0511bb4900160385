using System.Globalization;
using System.Text;
using System.Text.Json;
using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>
/// Reads the movie metadata sources (the layout of ../shared/data: tmdb/ and overviews/), stores them normalized as
/// JSON lines under data/metadata/, and merges them onto a catalog's movies.
///
/// Join keys, per movie: tmdbId and imdbId (from links.csv), the MovieLens movieId (ml-latest and ml-1m share it;
/// atguigu's mid), and for datasets without links (ml-1m, ml-100k) the normalized title + year. ML-100K item ids are
/// used only for the ml-100k-imdb file, and only when that row's scraped year equals the movie's year (its search
/// sometimes scraped a different film of the same name, e.g. the 2016 "Magnificent Seven").
///
/// Precedence, field by field (the first source with a value wins): TMDB API cache (`data enrich`) > tmdb_5000_movies
/// > top10K-TMDB-movies > atguigu > ml-100k-imdb > keywords.csv (keywords only). Placeholders ("No overview found.",
/// IMDb's "It looks like we don't have any Plot Summaries", blank text, the top10K row with id 000) are dropped.
/// </summary>
public static class MetadataImporter
{
    /// <summary>The folder under the data directory that holds the imported metadata.</summary>
    public const string FolderName = "metadata";
    public const string ImportedFileName = "imported.jsonl";

    /// <summary>Reads every known source under <paramref name="sourceDirectory"/> (tmdb/*.csv, overviews/*/...). Bad rows go to <paramref name="badRows"/>.</summary>
    public static List<MetadataRecord> ReadSources(string sourceDirectory, List<BadRow>? badRows = null)
    {
        badRows ??= [];
        var records = new List<MetadataRecord>();
        var tmdb = Path.Combine(sourceDirectory, "tmdb");
        var overviews = Path.Combine(sourceDirectory, "overviews");
        Add(Path.Combine(tmdb, "tmdb_5000_movies.csv"), ReadTmdb5000);
        Add(Path.Combine(tmdb, "top10K-TMDB-movies.csv"), ReadTop10K);
        Add(Path.Combine(tmdb, "keywords.csv"), ReadKeywords);
        Add(Path.Combine(overviews, "atguigu", "movies.csv"), ReadAtguigu);
        Add(Path.Combine(overviews, "ml-100k-imdb", "movielens100k_details.csv"), ReadMl100kImdb);
        return records;

        void Add(string path, Func<string, List<BadRow>, IEnumerable<MetadataRecord>> reader)
        {
            if (File.Exists(path)) records.AddRange(reader(path, badRows));
        }
    }

    /// <summary>True when the folder holds raw sources (tmdb/ or overviews/).</summary>
    public static bool HasSources(string directory) =>
        Directory.Exists(Path.Combine(directory, "tmdb")) || Directory.Exists(Path.Combine(directory, "overviews"));

    /// <summary>Reads the sources of <paramref name="sourceDirectory"/> and writes them to dataDirectory/metadata/imported.jsonl (atomically).</summary>
    public static ImportSummary Import(string sourceDirectory, string dataDirectory)
    {
        if (!HasSources(sourceDirectory))
            throw new DatasetNotFoundException($"No metadata sources in {sourceDirectory} (expected tmdb/ or overviews/)") { Directory = sourceDirectory };
        var bad = new List<BadRow>();
        var records = ReadSources(sourceDirectory, bad);
        var target = Path.Combine(dataDirectory, FolderName);
        Directory.CreateDirectory(target);
        var path = Path.Combine(target, ImportedFileName);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
            foreach (var r in records)
                writer.WriteLine(JsonSerializer.Serialize(r, MetadataJsonContext.Default.MetadataRecord));
        File.Move(temp, path, overwrite: true);
        var perSource = records.GroupBy(r => r.Source).ToDictionary(g => g.Key, g => g.Count());
        return new ImportSummary(path, perSource, bad);
    }

    /// <summary>Every *.jsonl of an imported metadata folder, or the raw sources when the folder holds tmdb/ or overviews/.</summary>
    public static List<MetadataRecord> ReadFolder(string directory)
    {
        if (HasSources(directory)) return ReadSources(directory);
        var records = new List<MetadataRecord>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    if (JsonSerializer.Deserialize(line, MetadataJsonContext.Default.MetadataRecord) is { } r) records.Add(r);
                }
                catch (JsonException) { /* a torn last line of an interrupted enrich run: skip it */ }
            }
        return records;
    }

    /// <summary>Sets <see cref="Movie.Metadata"/> on every movie some record matches. Returns how many movies got metadata.</summary>
    public static int Merge(IReadOnlyList<Movie> movies, IReadOnlyList<MetadataRecord> records, DatasetFormat format)
    {
        var byTmdb = new Dictionary<int, List<MetadataRecord>>();
        var byImdb = new Dictionary<string, List<MetadataRecord>>(StringComparer.Ordinal);
        var byMovieLens = new Dictionary<int, List<MetadataRecord>>();
        var byMl100k = new Dictionary<int, List<MetadataRecord>>();
        var byTitle = new Dictionary<string, List<MetadataRecord>>(StringComparer.Ordinal);
        var useTitles = format != DatasetFormat.MovieLensLatest; // ml-latest has links.csv: exact ids only
        foreach (var r in records)
        {
            if (r.TmdbId is { } t) Push(byTmdb, t, r);
            if (r.ImdbId is { } i) Push(byImdb, i, r);
            if (r.MovieLensId is { } m) Push(byMovieLens, m, r);
            if (r.Ml100kId is { } k) Push(byMl100k, k, r);
            if (useTitles && r.Title is { } title && r.Year is not null) Push(byTitle, TitleNormalizer.Key(title, r.Year), r);
        }

        var matched = 0;
        var found = new List<MetadataRecord>();
        foreach (var movie in movies)
        {
            found.Clear();
            if (movie.TmdbId is { } t && byTmdb.TryGetValue(t, out var l1)) found.AddRange(l1);
            if (movie.ImdbId is { } i && byImdb.TryGetValue(i, out var l2)) found.AddRange(l2);
            if (format != DatasetFormat.MovieLens100K && byMovieLens.TryGetValue(movie.Id, out var l3)) found.AddRange(l3);
            if (format == DatasetFormat.MovieLens100K && byMl100k.TryGetValue(movie.Id, out var l4))
                found.AddRange(l4.Where(r => r.Year == movie.Year));
            if (useTitles && movie.Year is not null && byTitle.TryGetValue(TitleNormalizer.Key(movie.Title, movie.Year), out var l5))
                found.AddRange(l5);
            if (found.Count == 0) continue;
            var metadata = Combine(found.Distinct().OrderBy(r => MetadataSources.Rank(r.Source)).ToList());
            if (metadata is null) continue;
            movie.Metadata = metadata;
            matched++;
        }
        return matched;

        static void Push<TKey>(Dictionary<TKey, List<MetadataRecord>> index, TKey key, MetadataRecord r) where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            list.Add(r);
        }
    }

    /// <summary>Field by field, the first record (in precedence order) with a value wins.</summary>
    private static MovieMetadata? Combine(List<MetadataRecord> ordered)
    {
        var overview = ordered.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r.Overview));
        var metadata = new MovieMetadata
        {
            Overview = overview?.Overview,
            OverviewSource = overview?.Source,
            Tagline = ordered.Select(r => r.Tagline).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
            RuntimeMinutes = ordered.Select(r => r.RuntimeMinutes).FirstOrDefault(v => v is > 0),
            Language = ordered.Select(r => r.Language).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
            ReleaseDate = ordered.Select(r => r.ReleaseDate).FirstOrDefault(d => d is not null),
            Keywords = ordered.Select(r => r.Keywords).FirstOrDefault(k => k is { Count: > 0 }) ?? [],
            Director = ordered.Select(r => r.Director).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
            Cast = ordered.Select(r => r.Cast).FirstOrDefault(k => k is { Count: > 0 }) ?? [],
            VoteAverage = ordered.Select(r => r.VoteAverage).FirstOrDefault(v => v is not null),
            VoteCount = ordered.Select(r => r.VoteCount).FirstOrDefault(v => v is not null),
        };
        var empty = metadata.Overview is null && metadata.Tagline is null && metadata.Keywords.Count == 0
                    && metadata.Director is null && metadata.Cast.Count == 0;
        return empty ? null : metadata;
    }

    // ---- source readers ----

    /// <summary>tmdb_5000_movies.csv: id = TMDB id; genres/keywords are JSON arrays of {id, name}.</summary>
    private static IEnumerable<MetadataRecord> ReadTmdb5000(string path, List<BadRow> bad)
    {
        var file = Path.GetFileName(path);
        var rows = CsvReader.Parse(CsvReader.ReadUtf8(path)).ToList();
        if (rows.Count == 0) yield break;
        var h = Header(rows[0]);
        foreach (var rec in rows.Skip(1))
        {
            if (!Check(rec, h.Count, file, bad) || !TryInt(Get(rec, h, "id"), out var id))
            {
                if (rec.Error is null && rec.Fields.Length == h.Count) bad.Add(new BadRow(file, rec.Line, "id is not a number"));
                continue;
            }
            var release = ParseDate(Get(rec, h, "release_date"));
            yield return new MetadataRecord
            {
                Source = MetadataSources.Tmdb5000,
                TmdbId = id,
                Title = Clean(Get(rec, h, "title")),
                Year = release?.Year,
                Overview = CleanOverview(Get(rec, h, "overview")),
                Tagline = Clean(Get(rec, h, "tagline")),
                RuntimeMinutes = TryInt(Get(rec, h, "runtime").Split('.')[0], out var rt) && rt > 0 ? rt : null,
                Language = Clean(Get(rec, h, "original_language")),
                ReleaseDate = release,
                Keywords = JsonNames(Get(rec, h, "keywords")),
                VoteAverage = TryDouble(Get(rec, h, "vote_average")),
                VoteCount = TryInt(Get(rec, h, "vote_count"), out var vc) ? vc : null,
            };
        }
    }

    /// <summary>top10K-TMDB-movies.csv: id = TMDB id; skip the uploader's placeholder row with id 000.</summary>
    private static IEnumerable<MetadataRecord> ReadTop10K(string path, List<BadRow> bad)
    {
        var file = Path.GetFileName(path);
        var rows = CsvReader.Parse(CsvReader.ReadUtf8(path)).ToList();
        if (rows.Count == 0) yield break;
        var h = Header(rows[0]);
        foreach (var rec in rows.Skip(1))
        {
            if (!Check(rec, h.Count, file, bad)) continue;
            if (!TryInt(Get(rec, h, "id"), out var id)) { bad.Add(new BadRow(file, rec.Line, "id is not a number")); continue; }
            if (id == 0) continue; // "000,Choose A Movie": a placeholder, not data
            var release = ParseDate(Get(rec, h, "release_date"));
            yield return new MetadataRecord
            {
                Source = MetadataSources.TmdbTop10K,
                TmdbId = id,
                Title = Clean(Get(rec, h, "title")),
                Year = release?.Year,
                Overview = CleanOverview(Get(rec, h, "overview")),
                Language = Clean(Get(rec, h, "original_language")),
                ReleaseDate = release,
                VoteAverage = TryDouble(Get(rec, h, "vote_average")),
                VoteCount = TryInt(Get(rec, h, "vote_count"), out var vc) ? vc : null,
            };
        }
    }

    /// <summary>keywords.csv: id = TMDB id, keywords = Python-literal list of dicts; duplicate ids keep the first row.</summary>
    private static IEnumerable<MetadataRecord> ReadKeywords(string path, List<BadRow> bad)
    {
        var file = Path.GetFileName(path);
        var seen = new HashSet<int>();
        foreach (var rec in CsvReader.Parse(CsvReader.ReadUtf8(path)))
        {
            if (rec.Line == 1) continue;
            if (!Check(rec, 2, file, bad)) continue;
            if (!TryInt(rec.Fields[0], out var id)) { bad.Add(new BadRow(file, rec.Line, "id is not a number")); continue; }
            if (!seen.Add(id)) continue;
            var names = PythonLiteral.Names(rec.Fields[1]);
            if (names.Count == 0) continue;
            yield return new MetadataRecord { Source = MetadataSources.TmdbKeywords, TmdbId = id, Keywords = names };
        }
    }

    /// <summary>atguigu/movies.csv: no header, "^" separated: mid^name^descri^timelong^issue^shoot^language^genres^actors^directors.</summary>
    private static IEnumerable<MetadataRecord> ReadAtguigu(string path, List<BadRow> bad)
    {
        var file = "atguigu/" + Path.GetFileName(path);
        foreach (var rec in CsvReader.Parse(CsvReader.ReadUtf8(path), '^', quoting: false))
        {
            if (!Check(rec, 10, file, bad)) continue;
            var f = rec.Fields;
            if (!TryInt(f[0], out var mid)) { bad.Add(new BadRow(file, rec.Line, "mid is not a number")); continue; }
            var (title, year) = TitleParser.Parse(f[1]);
            yield return new MetadataRecord
            {
                Source = MetadataSources.Atguigu,
                MovieLensId = mid,
                Title = title,
                Year = year,
                Overview = CleanOverview(f[2]),
                RuntimeMinutes = TryInt(f[3].Trim().Split(' ')[0], out var rt) && rt > 0 ? rt : null,
                Director = Clean(f[9].Split('|')[0]),
                Cast = f[8].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().Take(10).ToList(),
            };
        }
    }

    /// <summary>ml-100k-imdb: IMDb id inside movie_url; movie_id = ML-100K item id; director/cast are Python-literal lists.</summary>
    private static IEnumerable<MetadataRecord> ReadMl100kImdb(string path, List<BadRow> bad)
    {
        var file = "ml-100k-imdb/" + Path.GetFileName(path);
        var rows = CsvReader.Parse(CsvReader.ReadUtf8(path)).ToList();
        if (rows.Count == 0) yield break;
        var h = Header(rows[0]);
        foreach (var rec in rows.Skip(1))
        {
            if (!Check(rec, h.Count, file, bad)) continue;
            var url = Get(rec, h, "movie_url");
            var tt = url.IndexOf("/title/tt", StringComparison.Ordinal);
            string? imdb = null;
            if (tt >= 0)
            {
                var start = tt + "/title/".Length; // at "tt0056172"
                var end = start + 2;
                while (end < url.Length && char.IsDigit(url[end])) end++;
                if (end > start + 2) imdb = url[start..end];
            }
            int? scrapedYear = TryInt(Get(rec, h, "year").Split('.')[0], out var y) ? y : null;
            yield return new MetadataRecord
            {
                Source = MetadataSources.Ml100kImdb,
                ImdbId = imdb,
                Ml100kId = TryInt(Get(rec, h, "movie_id"), out var mid) ? mid : null,
                Title = TitleParser.Parse(Get(rec, h, "movie_title")).Title,
                Year = scrapedYear,
                Overview = CleanOverview(Get(rec, h, "description")),
                RuntimeMinutes = ParseLength(Get(rec, h, "movie_length")),
                Director = PythonLiteral.Strings(Get(rec, h, "director")).FirstOrDefault(),
                Cast = PythonLiteral.Strings(Get(rec, h, "cast")).Take(10).ToList(),
            };
        }
    }

    // ---- helpers ----

    private static Dictionary<string, int> Header(CsvRecord header)
    {
        var h = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++) h.TryAdd(header.Fields[i].Trim(), i);
        return h;
    }

    private static string Get(CsvRecord rec, Dictionary<string, int> header, string column) =>
        header.TryGetValue(column, out var i) && i < rec.Fields.Length ? rec.Fields[i] : "";

    private static bool Check(CsvRecord rec, int fields, string file, List<BadRow> bad)
    {
        var error = rec.Error ?? (rec.Fields.Length != fields ? $"expected {fields} fields, found {rec.Fields.Length}" : null);
        if (error is null) return true;
        bad.Add(new BadRow(file, rec.Line, error));
        return false;
    }

    private static string? Clean(string? s)
    {
        s = s?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    private static string? CleanOverview(string? s)
    {
        s = Clean(s);
        if (s is null) return null;
        if (s.StartsWith("No overview found", StringComparison.OrdinalIgnoreCase)) return null;
        if (s.StartsWith("It looks like we don't have", StringComparison.OrdinalIgnoreCase)) return null;
        return s;
    }

    private static bool TryInt(string s, out int value) => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static double? TryDouble(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static DateOnly? ParseDate(string s) =>
        DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>"3h 48min" -> 228.</summary>
    private static int? ParseLength(string s)
    {
        int minutes = 0;
        foreach (var part in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.EndsWith('h') && TryInt(part[..^1], out var h)) minutes += 60 * h;
            else if (part.EndsWith("min", StringComparison.Ordinal) && TryInt(part[..^3], out var m)) minutes += m;
        }
        return minutes > 0 ? minutes : null;
    }

    private static List<string> JsonNames(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateArray()
                .Select(e => e.TryGetProperty("name", out var n) ? n.GetString() : null)
                .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).ToList();
        }
        catch (JsonException) { return []; }
    }
}

/// <summary>What <see cref="MetadataImporter.Import"/> wrote: the file, records per source, and the rows it skipped.</summary>
public sealed record ImportSummary(string Path, IReadOnlyDictionary<string, int> RecordsPerSource, IReadOnlyList<BadRow> BadRows);
