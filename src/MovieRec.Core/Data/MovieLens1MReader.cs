using System.Text;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>ml-1m: movies.dat, users.dat, ratings.dat separated by "::"; movies.dat is Latin-1; whole-star ratings.</summary>
internal static class MovieLens1MReader
{
    /// <summary>Occupation codes of users.dat (from the ml-1m README).</summary>
    internal static readonly string[] Occupations =
    [
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer",
    ];

    /// <summary>Age brackets of users.dat; the value is the bracket's lower bound ("1" = under 18).</summary>
    internal static readonly int[] AgeBrackets = [1, 18, 25, 35, 45, 50, 56];

    public static RawDataset Read(string dir, DatasetLoadOptions options, LoadReportBuilder report, IProgress<double>? progress)
    {
        var movies = ReadMovies(dir, report);
        var users = ReadUsers(dir, report);
        var ratings = DatasetLoader.ReadRatings(dir, "ratings.dat", "::"u8.ToArray(), header: false, RatingScale.WholeStars,
            movies, DatasetLoader.IdSet(users.Select(u => u.Id)), options, report, progress);
        return new RawDataset(movies, users, ratings, [], RatingScale.WholeStars);
    }

    private static List<Movie> ReadMovies(string dir, LoadReportBuilder report)
    {
        const string file = "movies.dat";
        var lines = File.ReadAllLines(DatasetLoader.Required(dir, file), Encoding.Latin1);
        var movies = new List<Movie>();
        var seen = new HashSet<int>();
        var rows = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            rows++;
            var f = lines[i].Split("::");
            string? error = null;
            if (f.Length != 3) error = $"expected 3 fields (MovieID::Title::Genres), found {f.Length}";
            int id = 0;
            if (error is null && !MovieLensLatestReader.TryId(f[0], out id)) error = $"movie id '{f[0]}' is not a number";
            if (error is null && !seen.Add(id)) error = $"duplicate movie id {id}";
            if (error is not null) { report.Bad(file, i + 1, error); continue; }
            var (title, year) = TitleParser.Parse(f[1]);
            movies.Add(new Movie(id, title, year, f[2].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        report.Rows(file, rows);
        report.Check(file);
        return movies;
    }

    private static List<User> ReadUsers(string dir, LoadReportBuilder report)
    {
        const string file = "users.dat";
        var lines = File.ReadAllLines(DatasetLoader.Required(dir, file), Encoding.Latin1);
        var users = new List<User>();
        var seen = new HashSet<int>();
        var rows = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            rows++;
            var f = lines[i].Split("::");
            string? error = null;
            if (f.Length != 5) error = $"expected 5 fields (UserID::Gender::Age::Occupation::Zip-code), found {f.Length}";
            int id = 0, age = 0, occupation = 0;
            if (error is null && !MovieLensLatestReader.TryId(f[0], out id)) error = $"user id '{f[0]}' is not a number";
            if (error is null && f[1] is not ("M" or "F")) error = $"gender '{f[1]}' is not M or F";
            if (error is null && (!MovieLensLatestReader.TryId(f[2], out age) || !AgeBrackets.Contains(age))) error = $"age '{f[2]}' is not one of the age brackets";
            if (error is null && (!MovieLensLatestReader.TryId(f[3], out occupation) || occupation >= Occupations.Length)) error = $"occupation '{f[3]}' is not a code 0-20";
            if (error is null && !seen.Add(id)) error = $"duplicate user id {id}";
            if (error is not null) { report.Bad(file, i + 1, error); continue; }
            users.Add(new User(id, age, f[1] == "F" ? Gender.Female : Gender.Male, Occupations[occupation], f[4].Trim()));
        }
        report.Rows(file, rows);
        report.Check(file);
        return users;
    }
}
