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

    private static List<Movie> ReadMovies(string dir, LoadReportBuilder report) =>
        Latin1Records.Read<Movie>(dir, "movies.dat", "::", "movie id", report, f =>
        {
            if (f.Length != 3) return $"expected 3 fields (MovieID::Title::Genres), found {f.Length}";
            if (!MovieLensLatestReader.TryId(f[0], out var id)) return $"movie id '{f[0]}' is not a number";
            var (title, year) = TitleParser.Parse(f[1]);
            return new(new Movie(id, title, year, f[2].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), id, null);
        });

    private static List<User> ReadUsers(string dir, LoadReportBuilder report) =>
        Latin1Records.Read<User>(dir, "users.dat", "::", "user id", report, f =>
        {
            if (f.Length != 5) return $"expected 5 fields (UserID::Gender::Age::Occupation::Zip-code), found {f.Length}";
            if (!MovieLensLatestReader.TryId(f[0], out var id)) return $"user id '{f[0]}' is not a number";
            if (f[1] is not ("M" or "F")) return $"gender '{f[1]}' is not M or F";
            if (!MovieLensLatestReader.TryId(f[2], out var age) || !AgeBrackets.Contains(age)) return $"age '{f[2]}' is not one of the age brackets";
            if (!MovieLensLatestReader.TryId(f[3], out var occupation) || occupation >= Occupations.Length) return $"occupation '{f[3]}' is not a code 0-20";
            return new(new User(id, age, f[1] == "F" ? Gender.Female : Gender.Male, Occupations[occupation], f[4].Trim()), id, null);
        });
}
