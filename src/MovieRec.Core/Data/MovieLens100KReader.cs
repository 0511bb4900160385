using System.Globalization;
using System.Text;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>
/// ml-100k: u.data (tab: user, item, rating, timestamp), u.item ("|", 24 fields: id, title, release date, video date,
/// IMDb URL, 19 genre flags in u.genre order; Latin-1), u.user ("|": id, age, gender, occupation, zip). The item ids are
/// ML-100K's own numbering, not MovieLens movieIds, and the IMDb URLs are searches, so no ImdbId is set.
/// </summary>
internal static class MovieLens100KReader
{
    internal static readonly string[] DefaultGenres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    public static RawDataset Read(string dir, DatasetLoadOptions options, LoadReportBuilder report, IProgress<double>? progress)
    {
        var movies = ReadMovies(dir, ReadGenres(dir), report);
        var users = ReadUsers(dir, report);
        var ratings = DatasetLoader.ReadRatings(dir, "u.data", "\t"u8.ToArray(), header: false, RatingScale.WholeStars,
            movies, DatasetLoader.IdSet(users.Select(u => u.Id)), options, report, progress);
        return new RawDataset(movies, users, ratings, [], RatingScale.WholeStars);
    }

    private static string[] ReadGenres(string dir)
    {
        var path = Path.Combine(dir, "u.genre");
        if (!File.Exists(path)) return DefaultGenres;
        var genres = File.ReadAllLines(path, Encoding.Latin1).Where(l => l.Contains('|'))
            .Select(l => l.Split('|')).Where(f => f.Length == 2 && int.TryParse(f[1], out _))
            .OrderBy(f => int.Parse(f[1], CultureInfo.InvariantCulture)).Select(f => f[0]).ToArray();
        return genres.Length == DefaultGenres.Length ? genres : DefaultGenres;
    }

    private static List<Movie> ReadMovies(string dir, string[] genreNames, LoadReportBuilder report) =>
        Latin1Records.Read<Movie>(dir, "u.item", "|", "movie id", report, f =>
        {
            if (f.Length != 5 + genreNames.Length) return $"expected {5 + genreNames.Length} fields, found {f.Length}";
            if (!MovieLensLatestReader.TryId(f[0], out var id)) return $"movie id '{f[0]}' is not a number";
            if (f.Skip(5).Any(g => g is not ("0" or "1"))) return "genre flags must be 0 or 1";
            var (title, year) = TitleParser.Parse(f[1]);
            // "01-Jan-1995": the release date gives the year when the title has none.
            if (year is null && DateTime.TryParseExact(f[2], "dd-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                year = date.Year;
            var genres = genreNames.Where((_, g) => f[5 + g] == "1" && genreNames[g] != "unknown").ToArray();
            return new(new Movie(id, title, year, genres), id, null);
        });

    private static List<User> ReadUsers(string dir, LoadReportBuilder report) =>
        Latin1Records.Read<User>(dir, "u.user", "|", "user id", report, f =>
        {
            if (f.Length != 5) return $"expected 5 fields (id|age|gender|occupation|zip), found {f.Length}";
            if (!MovieLensLatestReader.TryId(f[0], out var id)) return $"user id '{f[0]}' is not a number";
            if (!MovieLensLatestReader.TryId(f[1], out var age) || age > 120) return $"age '{f[1]}' is not a number";
            if (f[2] is not ("M" or "F")) return $"gender '{f[2]}' is not M or F";
            return new(new User(id, age, f[2] == "F" ? Gender.Female : Gender.Male, f[3].Trim(), f[4].Trim()), id, null);
        });
}
