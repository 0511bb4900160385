using System.Globalization;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>ml-latest family: movies.csv, ratings.csv (half stars), tags.csv and links.csv, UTF-8 with RFC 4180 quoting.</summary>
internal static class MovieLensLatestReader
{
    private const string NoGenres = "(no genres listed)";

    public static RawDataset Read(string dir, DatasetLoadOptions options, LoadReportBuilder report, IProgress<double>? progress)
    {
        var movies = ReadMovies(dir, report);
        ApplyLinks(dir, movies, report);
        var ratings = DatasetLoader.ReadRatings(dir, "ratings.csv", ","u8.ToArray(), header: true, RatingScale.HalfStars,
            movies, knownUsers: null, options, report, progress);
        var movieSet = DatasetLoader.IdSet(movies.Select(m => m.Id));
        var tags = ReadTags(dir, movieSet, report);
        // Distinct users of ratings and tags, in id order (a set of distinct ids, not a sort of millions of rows).
        var userIds = new HashSet<int>();
        var last = -1;
        foreach (var r in ratings) if (r.UserId != last) { userIds.Add(r.UserId); last = r.UserId; }
        foreach (var t in tags) userIds.Add(t.UserId);
        var users = userIds.Order().Select(id => new User(id)).ToList();
        return new RawDataset(movies, users, ratings, tags, RatingScale.HalfStars);
    }

    private static List<Movie> ReadMovies(string dir, LoadReportBuilder report)
    {
        const string file = "movies.csv";
        var text = CsvReader.ReadUtf8(DatasetLoader.Required(dir, file));
        var movies = new List<Movie>();
        var seen = new HashSet<int>();
        var rows = 0;
        foreach (var rec in CsvReader.Parse(text))
        {
            if (rec.Line == 1 && rec.Fields[0] == "movieId") continue;
            rows++;
            var error = rec.Error;
            if (error is null && rec.Fields.Length != 3) error = $"expected 3 fields (movieId,title,genres), found {rec.Fields.Length}";
            if (error is null && CsvReader.HasEncodingError(rec.Fields)) error = "invalid UTF-8 bytes";
            int id = 0;
            if (error is null && !TryId(rec.Fields[0], out id)) error = $"movie id '{rec.Fields[0]}' is not a number";
            if (error is null && !seen.Add(id)) error = $"duplicate movie id {id}";
            if (error is null && string.IsNullOrWhiteSpace(rec.Fields[1])) error = "empty title";
            if (error is not null) { report.Bad(file, rec.Line, error); continue; }
            var (title, year) = TitleParser.Parse(rec.Fields[1]);
            var genres = rec.Fields[2].Trim() is NoGenres or "" ? [] : rec.Fields[2].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            movies.Add(new Movie(id, title, year, genres));
        }
        report.Rows(file, rows);
        report.Check(file);
        return movies;
    }

    /// <summary>links.csv: movieId,imdbId (digits without "tt"),tmdbId (may be empty).</summary>
    private static void ApplyLinks(string dir, List<Movie> movies, LoadReportBuilder report)
    {
        const string file = "links.csv";
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) return;
        var index = new Dictionary<int, int>(movies.Count);
        for (var i = 0; i < movies.Count; i++) index[movies[i].Id] = i;
        var rows = 0;
        foreach (var rec in CsvReader.Parse(CsvReader.ReadUtf8(path)))
        {
            if (rec.Line == 1 && rec.Fields[0] == "movieId") continue;
            rows++;
            var error = rec.Error;
            if (error is null && rec.Fields.Length != 3) error = $"expected 3 fields (movieId,imdbId,tmdbId), found {rec.Fields.Length}";
            int id = 0, imdb = 0, tmdb = 0;
            if (error is null && !TryId(rec.Fields[0], out id)) error = $"movie id '{rec.Fields[0]}' is not a number";
            if (error is null && rec.Fields[1].Length > 0 && !TryId(rec.Fields[1], out imdb)) error = $"imdbId '{rec.Fields[1]}' is not a number";
            if (error is null && rec.Fields[2].Length > 0 && !TryId(rec.Fields[2], out tmdb)) error = $"tmdbId '{rec.Fields[2]}' is not a number";
            if (error is null && !index.ContainsKey(id)) error = $"unknown movie {id}";
            if (error is not null) { report.Bad(file, rec.Line, error); continue; }
            var i = index[id];
            movies[i] = movies[i] with
            {
                ImdbId = imdb > 0 ? FormatImdb(imdb) : null,
                TmdbId = tmdb > 0 ? tmdb : null,
            };
        }
        report.Rows(file, rows);
        report.Check(file);
    }

    private static List<Tag> ReadTags(string dir, bool[] movieSet, LoadReportBuilder report)
    {
        const string file = "tags.csv";
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) return [];
        var tags = new List<Tag>();
        var rows = 0;
        foreach (var rec in CsvReader.Parse(CsvReader.ReadUtf8(path)))
        {
            if (rec.Line == 1 && rec.Fields[0] == "userId") continue;
            rows++;
            var error = rec.Error;
            if (error is null && rec.Fields.Length != 4) error = $"expected 4 fields (userId,movieId,tag,timestamp), found {rec.Fields.Length}";
            if (error is null && CsvReader.HasEncodingError(rec.Fields)) error = "invalid UTF-8 bytes";
            int user = 0, movie = 0;
            long time = 0;
            if (error is null && !TryId(rec.Fields[0], out user)) error = $"user id '{rec.Fields[0]}' is not a number";
            if (error is null && !TryId(rec.Fields[1], out movie)) error = $"movie id '{rec.Fields[1]}' is not a number";
            if (error is null && !long.TryParse(rec.Fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out time)) error = $"timestamp '{rec.Fields[3]}' is not a number";
            if (error is null && (movie >= movieSet.Length || !movieSet[movie])) error = $"unknown movie {movie}";
            if (error is null && string.IsNullOrWhiteSpace(rec.Fields[2])) error = "empty tag";
            if (error is not null) { report.Bad(file, rec.Line, error); continue; }
            tags.Add(new Tag(user, movie, rec.Fields[2].Trim(), time));
        }
        report.Rows(file, rows);
        report.Check(file);
        return tags;
    }

    internal static bool TryId(string s, out int id) => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    internal static string FormatImdb(int imdb) => "tt" + imdb.ToString("D7", CultureInfo.InvariantCulture);
}
