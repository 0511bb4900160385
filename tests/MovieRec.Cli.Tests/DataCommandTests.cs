using System.Text.Json;
using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

public class DataCommandTests
{
    [Fact]
    public async Task Pull_from_shared_copy_then_import_metadata_then_info_reports_the_published_figures()
    {
        using var cli = new CliRunner();
        var pull = await cli.RunAsync("data", "pull", "ml-latest-small", "--from", SharedData.MovieLens("ml-latest-small"));
        Assert.True(pull.ExitCode == 0, pull.Error);
        Assert.True(File.Exists(Path.Combine(cli.DataDirectory, "ml-latest-small", "ratings.csv")));
        Assert.Empty(Directory.EnumerateDirectories(cli.DataDirectory, ".tmp-*"));

        var import = await cli.RunAsync("data", "import-metadata", SharedData.Root);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.True(File.Exists(Path.Combine(cli.DataDirectory, "metadata", "imported.jsonl")));

        var info = await cli.RunAsync("data", "info", "--json");
        Assert.True(info.ExitCode == 0, info.Error);
        using var json = JsonDocument.Parse(info.Out);
        var r = json.RootElement;
        Assert.Equal(9742, r.GetProperty("movies").GetInt32());
        Assert.Equal(610, r.GetProperty("users").GetInt32());
        Assert.Equal(100836, r.GetProperty("ratings").GetInt32());
        Assert.Equal(3683, r.GetProperty("tags").GetInt32());
        Assert.InRange(r.GetProperty("overviewMovieShare").GetDouble(), 0.725, 0.735);   // about 73% of movies
        Assert.InRange(r.GetProperty("overviewRatingShare").GetDouble(), 0.955, 0.962);  // carrying about 96% of ratings

        var table = await cli.RunAsync("data", "info");
        Assert.Contains("100,836", table.Out, StringComparison.Ordinal);
        Assert.Contains("73.1", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ml100k_info_has_its_counts_and_demographics_for_all_users()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("data", "pull", "ml-100k", "--from", SharedData.MovieLens("ml-100k"))).ExitCode);
        var info = await cli.RunAsync("data", "info", "ml-100k", "--json");
        Assert.True(info.ExitCode == 0, info.Error);
        var r = JsonDocument.Parse(info.Out).RootElement;
        Assert.Equal(1682, r.GetProperty("movies").GetInt32());
        Assert.Equal(943, r.GetProperty("users").GetInt32());
        Assert.Equal(100000, r.GetProperty("ratings").GetInt32());
        Assert.Equal(943, r.GetProperty("usersWithDemographics").GetInt32());
    }

    [Fact]
    public async Task Missing_data_names_the_pull_command_and_exits_3()
    {
        using var cli = new CliRunner();
        var info = await cli.RunAsync("data", "info");
        Assert.Equal(3, info.ExitCode);
        Assert.Contains("run: movierec data pull ml-latest-small", info.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", info.Error, StringComparison.Ordinal); // no stack trace

        var other = await cli.RunAsync("data", "info", "ml-1m");
        Assert.Equal(3, other.ExitCode);
        Assert.Contains("run: movierec data pull ml-1m", other.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_dir_option_and_configuration_choose_the_data_directory()
    {
        using var cli = new CliRunner();
        var elsewhere = Path.Combine(cli.Root, "elsewhere");
        Assert.Equal(0, (await cli.RunAsync("data", "pull", "ml-100k", "--from", SharedData.MovieLens("ml-100k"), "--data-dir", elsewhere)).ExitCode);
        Assert.True(File.Exists(Path.Combine(elsewhere, "ml-100k", "u.data")));
        Assert.False(Directory.Exists(cli.DataDirectory));
        cli.Settings["Engine:DataDirectory"] = "elsewhere";
        cli.Settings["Engine:Dataset"] = "ml-100k";
        Assert.Equal(0, (await cli.RunAsync("data", "info")).ExitCode);
    }

    [Theory]
    [InlineData("data pul")]
    [InlineData("data")]
    [InlineData("data pull ml-100k --bogus")]
    [InlineData("data pull")]
    public async Task Bad_command_lines_exit_2(string commandLine)
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync(commandLine.Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_data_commands_and_exits_0()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("data", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "pull", "import-metadata", "info", "enrich" })
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_dataset_name_is_a_usage_error()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("data", "pull", "ml-5b", "--from", cli.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown dataset 'ml-5b'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_from_an_incomplete_folder_installs_nothing()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("data", "pull", "ml-1m", "--from", SharedData.MovieLens("ml-1m")); // ratings.dat is missing there
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("missing ratings.dat", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(cli.DataDirectory, "ml-1m")));
        Assert.True(!Directory.Exists(cli.DataDirectory) || !Directory.EnumerateFileSystemEntries(cli.DataDirectory).Any());
    }

    [Fact]
    public async Task Pull_vader_from_folder()
    {
        using var cli = new CliRunner();
        var result = await cli.RunAsync("data", "pull", "vader", "--from", SharedData.Path("vader"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(426786, new FileInfo(Path.Combine(cli.DataDirectory, "vader", "vader_lexicon.txt")).Length);
        Assert.True(File.Exists(Path.Combine(cli.DataDirectory, "vader", "emoji_utf8_lexicon.txt")));
    }

    [Fact]
    public async Task Engine_MaxBadRowFraction_lets_the_commands_and_the_engine_load_a_dataset_with_more_bad_rows()
    {
        using var cli = new CliRunner();
        var dir = Path.Combine(cli.DataDirectory, "ml-latest-small");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "movies.csv"), "movieId,title,genres\n1,Crime Story (1991),Crime\n2,Space War (1992),Sci-Fi\n" +
            "3,Crime Story 2 (1993),Crime\n4,Space War 2 (1994),Sci-Fi\n5,Crime Story 3 (1995),Crime\n");
        var ratings = Enumerable.Range(1, 4).SelectMany(u => Enumerable.Range(1, 5).Select(m => $"{u},{m},{1 + (u + m) % 5}.0,1\n")).ToList();
        ratings[^1] = "4,99,4.0,1\n"; // a movie that does not exist: 1 bad row of 20 (5%)
        File.WriteAllText(Path.Combine(dir, "ratings.csv"), "userId,movieId,rating,timestamp\n" + string.Concat(ratings));

        var strict = await cli.RunAsync("data", "info");
        Assert.Equal(ExitCodes.UserError, strict.ExitCode);
        Assert.Contains("ratings.csv: 1 of 20 rows are bad", strict.Error, StringComparison.Ordinal);

        cli.Settings["Engine:MaxBadRowFraction"] = "0.05";
        var info = await cli.RunAsync("data", "info", "--json");
        Assert.True(info.ExitCode == 0, info.Error);
        Assert.Equal(19, JsonDocument.Parse(info.Out).RootElement.GetProperty("ratings").GetInt32());
        var recommend = await cli.RunAsync("recommend", "--user", "4", "-k", "1", "--json");
        Assert.True(recommend.ExitCode == 0, recommend.Error);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.01")]
    public async Task An_out_of_range_MaxBadRowFraction_is_a_clear_configuration_error(string value)
    {
        using var cli = new CliRunner();
        cli.Settings["Engine:MaxBadRowFraction"] = value;
        var result = await cli.RunAsync("recommend", "--user", "1");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("Engine:MaxBadRowFraction must be a share from 0 to 1", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Engine:MaxBadRowFraction", "abc")]
    [InlineData("Chat:DefaultK", "five")]
    public async Task A_value_of_the_wrong_type_is_a_configuration_error_naming_the_key(string key, string value)
    {
        using var cli = new CliRunner();
        cli.Settings[key] = value;
        var result = await cli.RunAsync("recommend", "--user", "1");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains($"Invalid configuration: Failed to convert configuration value '{value}' at '{key}'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rows_in_a_dataset_are_a_user_error_with_file_and_line()
    {
        using var cli = new CliRunner();
        var dir = Path.Combine(cli.DataDirectory, "ml-latest-small");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "movies.csv"), "movieId,title,genres\n1,Heat (1995),Action\n");
        File.WriteAllText(Path.Combine(dir, "ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,4.0,1\n");
        var result = await cli.RunAsync("data", "info");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ratings.csv:3: unknown movie 2", result.Error, StringComparison.Ordinal);
    }
}
