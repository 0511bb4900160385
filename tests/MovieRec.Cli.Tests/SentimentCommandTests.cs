using System.Globalization;
using MovieRec.Testing;

namespace MovieRec.Cli.Tests;

public class SentimentCommandTests
{
    private static CliRunner WithLexicon()
    {
        var cli = new CliRunner();
        var folder = Path.Combine(cli.DataDirectory, "vader");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "vader_lexicon.txt", "emoji_utf8_lexicon.txt" })
            File.Copy(SharedData.Path("vader", name), Path.Combine(folder, name));
        return cli;
    }

    [Fact]
    public async Task Scores_one_text()
    {
        using var cli = WithLexicon();
        var r = await cli.RunAsync("sentiment", "VADER is smart, handsome, and funny.");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal("neg 0  neu 0.254  pos 0.746  compound 0.8316", r.Out.Trim());
    }

    [Fact]
    public async Task Scores_a_file_line_by_line_replacing_invalid_utf8()
    {
        using var cli = WithLexicon();
        var path = Path.Combine(cli.Root, "in.txt");
        byte[] invalid = [0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x0a];
        File.WriteAllBytes(path, [.. "The book was good.\n"u8, .. invalid, .. "\n"u8, .. "I hate it!!\r\n"u8]);

        var r = await cli.RunAsync("sentiment", "--file", "in.txt");
        Assert.True(r.ExitCode == 0, r.Error);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(4, lines.Count); // good, bad + U+FFFD, empty line, hate
        Assert.Equal("0\t0.508\t0.492\t0.4404", lines[0]);
        Assert.True(double.Parse(lines[1].Split('\t')[3], CultureInfo.InvariantCulture) < 0);
        Assert.Equal("0\t0\t0\t0", lines[2]);
        Assert.All(lines, l => Assert.Equal(4, l.Split('\t').Length));
    }

    [Fact]
    public async Task Missing_lexicon_names_the_pull_command()
    {
        using var cli = new CliRunner();
        var r = await cli.RunAsync("sentiment", "good");
        Assert.Equal(ExitCodes.MissingData, r.ExitCode);
        Assert.Contains("movierec data pull vader", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_and_bad_usage_are_clear_errors()
    {
        using var cli = WithLexicon();
        var missing = await cli.RunAsync("sentiment", "--file", "nope.txt");
        Assert.Equal(ExitCodes.UserError, missing.ExitCode);
        Assert.Contains("nope.txt", missing.Error, StringComparison.Ordinal);

        var neither = await cli.RunAsync("sentiment");
        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
    }
}
