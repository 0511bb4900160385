using System.Text;
using MovieRec.Core.Data;
using MovieRec.Core.Domain;
using MovieRec.Testing;

namespace MovieRec.Core.Tests.Data;

/// <summary>Small files written by the tests: every kind of bad row is reported with file, line and reason, and skipped.</summary>
public class BadInputTests
{
    private static readonly DatasetLoadOptions NoMetadata = new() { LoadMetadata = false };

    /// <summary>A latest-format folder with 10 movies and 300 good ratings (users 1..30 x movies 1..10), plus extra lines.</summary>
    private static TempDir Latest(string extraRatingLines = "", string? movies = null)
    {
        var dir = new TempDir();
        var m = new StringBuilder("movieId,title,genres\r\n");
        for (var i = 1; i <= 10; i++) m.Append($"{i},Movie {i} (200{i % 10}),Drama\r\n");
        dir.Write("movies.csv", movies ?? m.ToString());
        var r = new StringBuilder("userId,movieId,rating,timestamp\r\n");
        for (var u = 1; u <= 30; u++)
            for (var i = 1; i <= 10; i++) r.Append($"{u},{i},{(u + i) % 10 * 0.5 + 0.5:0.0},9649827{u:00}\r\n");
        r.Append(extraRatingLines);
        dir.Write("ratings.csv", r.ToString());
        return dir;
    }

    [Theory]
    [InlineData("31,1,4.0\r\n", "expected 4 fields")]
    [InlineData("31,1,4.0,1,extra\r\n", "expected 4 fields")]
    [InlineData("31,1,four,964982703\r\n", "rating 'four' is not a number")]
    [InlineData("31,1,5.5,964982703\r\n", "outside the scale")]
    [InlineData("31,1,0.0,964982703\r\n", "outside the scale")]
    [InlineData("31,1,3.25,964982703\r\n", "outside the scale")]
    [InlineData("31,999,4.0,964982703\r\n", "unknown movie 999")]
    [InlineData("1,1,4.0,964982703\r\n", "duplicate rating of movie 1 by user 1")]
    [InlineData("x1,1,4.0,964982703\r\n", "user id 'x1' is not a number")]
    [InlineData("31,1,4.0,soon\r\n", "timestamp 'soon' is not a number")]
    public void A_bad_rating_row_is_reported_with_its_line_and_skipped(string line, string reason)
    {
        using var dir = Latest(line);
        var ds = DatasetLoader.Load(dir.Path, NoMetadata);
        Assert.Equal(300, ds.Ratings.Count);
        var bad = Assert.Single(ds.Report.BadRows);
        Assert.Equal("ratings.csv", bad.File);
        Assert.Equal(302, bad.Line); // header + 300 good rows
        Assert.Contains(reason, bad.Reason, StringComparison.Ordinal);
        Assert.Equal(new FileCounts(301, 1), ds.Report.Files["ratings.csv"]);
    }

    [Fact]
    public void Duplicates_are_found_when_the_file_is_not_grouped_by_user()
    {
        using var dir = Latest("5,3,1.0,1\r\n2,2,1.0,1\r\n31,4,2.0,1\r\n");
        var ds = DatasetLoader.Load(dir.Path, NoMetadata);
        Assert.Equal(301, ds.Ratings.Count); // the new (31,4) is kept
        Assert.Equal([302, 303], ds.Report.BadRows.Select(b => b.Line));
        Assert.All(ds.Report.BadRows, b => Assert.Contains("duplicate", b.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void More_than_one_percent_bad_rows_fails_with_a_summary()
    {
        using var dir = Latest("31,1,9,1\r\n31,2,9,1\r\n31,3,9,1\r\n31,4,9,1\r\n"); // 4 of 304 = 1.3%
        var ex = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Load(dir.Path, NoMetadata));
        Assert.Contains("ratings.csv: 4 of 304 rows are bad", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ratings.csv:302: rating 9 is outside the scale", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, ex.Report!.TotalBadRows);

        // The threshold is configurable.
        var ds = DatasetLoader.Load(dir.Path, NoMetadata with { MaxBadRowFraction = 0.05 });
        Assert.Equal(300, ds.Ratings.Count);
    }

    [Fact]
    public void Movies_csv_quoting_articles_years_and_genres()
    {
        var movies = "movieId,title,genres\r\n" +
                     "1,\"Matrix, The (1999)\",Action|Sci-Fi\r\n" +
                     "2,\"City of Lost Children, The (Cité des enfants perdus, La) (1995)\",Drama\r\n" +
                     "3,Babylon 5,(no genres listed)\r\n" +
                     "4,\"Avventura, L' (1960)\",Drama\r\n" +
                     "5,\"Say \"\"Hi\"\" (2001) \",Comedy\r\n" +
                     "6,\"Misérables, Les (1995)\",Drama\r\n" +
                     "7,Stranger Things (2016-2019),Drama\r\n" +
                     "8,\"Multi\r\nline (2000)\",Drama\r\n" +
                     "9,Movie 9 (2009),Drama\r\n10,Movie 10 (2010),Drama\r\n";
        using var dir = Latest(movies: movies);
        var ds = DatasetLoader.Load(dir.Path, NoMetadata);
        var byId = ds.Movies.ToDictionary(m => m.Id);
        Assert.Equal(("The Matrix", 1999), (byId[1].Title, byId[1].Year));
        Assert.Equal(["Action", "Sci-Fi"], byId[1].Genres);
        Assert.Equal("The City of Lost Children (La Cité des enfants perdus)", byId[2].Title);
        Assert.Equal(1995, byId[2].Year);
        Assert.Equal(("Babylon 5", (int?)null), (byId[3].Title, byId[3].Year));
        Assert.Empty(byId[3].Genres);
        Assert.Equal("L'Avventura", byId[4].Title);
        Assert.Equal(("Say \"Hi\"", 2001), (byId[5].Title, byId[5].Year));
        Assert.Equal("Les Misérables", byId[6].Title);
        Assert.Equal(2016, byId[7].Year);
        Assert.Equal(("Multi\r\nline", 2000), (byId[8].Title, byId[8].Year));
        Assert.Equal(0, ds.Report.TotalBadRows);
    }

    [Fact]
    public void Bad_utf8_and_wrong_field_count_in_movies_are_reported()
    {
        using var dir = Latest();
        var lines = new List<byte>(Encoding.UTF8.GetBytes(File.ReadAllText(dir.File("movies.csv"))));
        lines.AddRange(Encoding.UTF8.GetBytes("11,Caf"));
        lines.AddRange(new byte[] { 0xE9, 0xFF }); // Latin-1 "é" and an invalid byte in a UTF-8 file
        lines.AddRange(Encoding.UTF8.GetBytes(" (2000),Drama\r\n12,No genres column (2001)\r\n"));
        for (var i = 13; i <= 250; i++) lines.AddRange(Encoding.UTF8.GetBytes($"{i},Filler {i} (1990),Drama\r\n"));
        File.WriteAllBytes(dir.File("movies.csv"), lines.ToArray());
        var ds = DatasetLoader.Load(dir.Path, NoMetadata with { MaxBadRowFraction = 0.01 });
        Assert.Equal(248, ds.Movies.Count);
        Assert.Equal(
            [new BadRow("movies.csv", 12, "invalid UTF-8 bytes"), new BadRow("movies.csv", 13, "expected 3 fields (movieId,title,genres), found 2")],
            ds.Report.BadRows);
    }

    [Fact]
    public void Unterminated_quote_is_reported_not_swallowed_silently()
    {
        var records = CsvReader.Parse("a,b\r\n1,\"open\r\n2,x\r\n").ToList();
        Assert.Equal("unterminated quoted field", records[^1].Error);
        Assert.Equal(2, records[^1].Line);
    }

    [Fact]
    public void Tags_with_unknown_movies_are_skipped()
    {
        using var dir = Latest();
        var tags = new StringBuilder("userId,movieId,tag,timestamp\r\n");
        for (var i = 0; i < 200; i++) tags.Append($"1,{i % 10 + 1},\"funny, dark\",1445714994\r\n");
        tags.Append("1,77,orphan,1445714994\r\n");
        dir.Write("tags.csv", tags.ToString());
        var ds = DatasetLoader.Load(dir.Path, NoMetadata);
        Assert.Equal(200, ds.Tags.Count);
        Assert.Equal("funny, dark", ds.Tags[0].Text);
        Assert.Equal(new BadRow("tags.csv", 202, "unknown movie 77"), Assert.Single(ds.Report.BadRows));
    }

    [Fact]
    public void Ml1m_dat_files_with_latin1_and_demographics()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("movies.dat"), Encoding.Latin1.GetBytes(
            "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Misérables, Les (1995)::Drama\n"));
        dir.Write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
        dir.Write("ratings.dat", "1::1::5::978300760\n2::2::3::978302109\n1::2::4::978301968\n9::1::5::978300760\n");
        var ds = DatasetLoader.Load(dir.Path, NoMetadata with { MaxBadRowFraction = 0.5 });
        Assert.Equal(DatasetFormat.MovieLens1M, ds.Format);
        Assert.Equal(RatingScale.WholeStars, ds.Scale);
        Assert.Equal("Les Misérables", ds.Movies[1].Title);
        Assert.Equal(new User(2, 56, Gender.Male, "self-employed", "70072"), ds.Users[1]);
        Assert.Equal([new Rating(1, 1, 5, 978300760), new Rating(2, 2, 3, 978302109), new Rating(1, 2, 4, 978301968)], ds.Ratings);
        Assert.Equal(new BadRow("ratings.dat", 4, "unknown user 9"), Assert.Single(ds.Report.BadRows));
    }

    [Fact]
    public void Ml100k_files_with_genre_flags_and_whole_star_scale()
    {
        using var dir = new TempDir();
        var flags = string.Join('|', Enumerable.Range(0, 19).Select(g => g is 1 or 5 ? "1" : "0"));
        File.WriteAllBytes(dir.File("u.item"), Encoding.Latin1.GetBytes(
            $"1|Heat (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Heat|{flags}\n" +
            $"2|Misérables, Les (1995)|01-Jan-1995||x|{flags}\n"));
        dir.Write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n");
        dir.Write("u.data", "1\t1\t5\t881250949\n2\t2\t3\t891717742\n2\t1\t4.5\t891717742\n");
        var ds = DatasetLoader.Load(dir.Path, NoMetadata with { MaxBadRowFraction = 0.5 });
        Assert.Equal(["Action", "Comedy"], ds.Movies[0].Genres);
        Assert.Equal("Les Misérables", ds.Movies[1].Title);
        Assert.Equal(2, ds.Ratings.Count);
        Assert.Contains("outside the scale 1..5 step 1", Assert.Single(ds.Report.BadRows).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_folder_or_unknown_layout_is_dataset_not_found()
    {
        using var dir = new TempDir();
        Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(Path.Combine(dir.Path, "nope")));
        Assert.Throws<DatasetNotFoundException>(() => DatasetLoader.Load(dir.Path));
    }
}
