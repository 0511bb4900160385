using System.Text;
using System.Text.RegularExpressions;
using MovieRec.Agent.Tests.Email;

namespace MovieRec.Cli.Tests;

[Collection(EngineDataCollection.Name)]
public sealed partial class ChatAndEmailTests(EngineDataFixture data)
{
    [Fact]
    public async Task Chat_reads_piped_lines_answers_each_and_a_second_run_continues_the_session()
    {
        using var cli = data.Runner();
        cli.Input = "something like Heat but less violent, from the 90s\nmore like the second one\nwhy the first one?\n";
        var first = await cli.RunAsync("chat");
        Assert.Equal(0, first.ExitCode);
        Assert.DoesNotContain("you>", first.Out, StringComparison.Ordinal); // no prompts when piped
        Assert.DoesNotContain("\u001b[", first.Out, StringComparison.Ordinal); // no colors

        var firstPicks = NumberedTitles(first.Out);
        Assert.True(firstPicks.Count >= 6, first.Out); // two lists of picks
        var heatList = firstPicks.Take(5).ToList();
        Assert.All(heatList, p => Assert.InRange(p.Year, 1990, 1999));
        Assert.Contains("I suggested", first.Out, StringComparison.Ordinal); // the "why" answer
        Assert.Contains("chat as a new user, session 'terminal'", first.Error, StringComparison.Ordinal);

        // a new process with the same session: it knows the last picks ("why the second one?" refers to them)
        cli.Input = "/why 1\nwhy the second one?\n";
        var second = await cli.RunAsync("chat");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("continuing session 'terminal' (6 messages)", second.Error, StringComparison.Ordinal);
        var lastList = firstPicks.Skip(5).Take(5).ToList();
        Assert.Contains(lastList[0].Title, second.Out, StringComparison.Ordinal);
        Assert.Contains(lastList[1].Title, second.Out[second.Out.IndexOf("I suggested", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_prompt_folder_is_a_clear_error_before_any_work()
    {
        using var cli = data.Runner();
        cli.Settings["Prompts:Folder"] = "/no/such/prompts";
        cli.Input = "hello\n";
        var result = await cli.RunAsync("chat");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains("Invalid configuration: Prompt folder '/no/such/prompts' does not exist.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("ratings;", result.Error, StringComparison.Ordinal); // stopped before the engine was built or loaded
    }

    [Fact]
    public async Task Chat_slash_commands_switch_user_record_feedback_and_reset()
    {
        using var cli = data.Runner();
        cli.Input = "/help\n/user 999999\n/user 1\n/dislike Toy Story\n/like Heat\n/bogus\n/reset\n/why 1\n/quit\nnever read\n";
        var result = await cli.RunAsync("chat", "--session", "slash");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("/like TITLE", result.Out, StringComparison.Ordinal);
        Assert.Contains("No user with id 999999", result.Error, StringComparison.Ordinal);
        Assert.Contains("Now chatting as user 1.", result.Out, StringComparison.Ordinal);
        Assert.Contains("Noted: no more Toy Story (1995).", result.Out, StringComparison.Ordinal);
        Assert.Contains("Noted: you liked Heat (1995).", result.Out, StringComparison.Ordinal);
        Assert.Contains("Unknown command /bogus", result.Error, StringComparison.Ordinal);
        Assert.Contains("There are no picks to explain yet", result.Out, StringComparison.Ordinal);

        // user 1's dislike is kept (it belongs to the user): Toy Story never comes back for them
        cli.Input = "animated movies for the family\n";
        var next = await cli.RunAsync("chat", "--session", "slash", "--user", "1");
        Assert.Equal(0, next.ExitCode);
        Assert.DoesNotContain("Toy Story** (1995)", next.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_out_writes_one_parseable_eml_per_user_with_both_parts_and_3_to_5_picks()
    {
        using var cli = data.Runner();
        var result = await cli.RunAsync("email", "--users", "1-3", "--name", "Ana", "--out", "mail");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Wrote 3 of 3 emails", result.Out, StringComparison.Ordinal);
        for (var user = 1; user <= 3; user++)
        {
            var path = Path.Combine(cli.Root, "mail", $"user-{user}.eml");
            var email = EmlParser.Parse(Encoding.ASCII.GetString(await File.ReadAllBytesAsync(path)));
            Assert.StartsWith("Movie picks for Ana: ", email.Headers["Subject"], StringComparison.Ordinal);
            Assert.Equal($"user{user}@localhost", email.Headers["To"]);
            var text = email.Single("text/plain").Body;
            var html = email.Single("text/html").Body;
            Assert.StartsWith("Hi Ana,", text, StringComparison.Ordinal);
            var picks = text.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal));
            Assert.InRange(picks, 3, 5);
            Assert.Equal(picks, Regex.Count(html, "<li>"));
            Assert.Contains("The MovieRec team", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Email_batch_reports_a_failing_user_goes_on_and_exits_1()
    {
        using var cli = data.Runner();
        var result = await cli.RunAsync("email", "--users", "2,999999,3", "--out", "mail");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("user 999999: No user with id 999999.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Wrote 2 of 3 emails", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Root, "mail", "user-3.eml")));

        var usage = await cli.RunAsync("email", "--user", "1");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--out DIR", usage.Error, StringComparison.Ordinal);
    }

    private sealed record Pick(string Title, int Year);

    /// <summary>"1. **Title** (1995) · ..." lines of the offline replies.</summary>
    private static List<Pick> NumberedTitles(string output) =>
        PickLine().Matches(output).Select(m => new Pick(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex(@"^\d+\. \*\*(.+?)\*\* \((\d{4})\)", RegexOptions.Multiline)]
    private static partial Regex PickLine();
}
