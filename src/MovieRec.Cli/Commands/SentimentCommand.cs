using System.CommandLine;
using System.Globalization;
using System.Text;
using MovieRec.Engine.Text.Vader;

namespace MovieRec.Cli.Commands;

/// <summary>`movierec sentiment "text"` or `movierec sentiment --file FILE`: VADER scores (neg, neu, pos, compound).</summary>
public static class SentimentCommand
{
    public const string LexiconFolderName = "vader";

    public static Command Create(CliContext context)
    {
        var text = new Argument<string?>("text") { Description = "The text to score", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "Score every line of this UTF-8 file; writes one line per input: neg<TAB>neu<TAB>pos<TAB>compound" };
        var command = new Command("sentiment", "VADER sentiment of a text (Hutto & Gilbert 2014; lexicon in DATA/vader)") { text, file };
        command.SetHandler(context, (parse, ct) =>
        {
            var value = parse.GetValue(text);
            var path = parse.GetValue(file);
            if ((value is null) == (path is null))
                throw new CliException("give either a text or --file FILE", ExitCodes.Usage);

            var analyzer = LoadAnalyzer(context, parse);
            var output = context.Environment.Out;
            if (value is not null)
            {
                var s = analyzer.PolarityScores(value);
                output.WriteLine(Invariant($"neg {s.Negative}  neu {s.Neutral}  pos {s.Positive}  compound {s.Compound}"));
                return Task.FromResult(ExitCodes.Ok);
            }

            var full = Path.GetFullPath(Path.Combine(context.Environment.CurrentDirectory, path!));
            if (!File.Exists(full)) throw new CliException($"file not found: {full}");
            // Invalid UTF-8 bytes become U+FFFD instead of failing the run.
            using var reader = new StreamReader(full, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
            while (reader.ReadLine() is { } line)
            {
                ct.ThrowIfCancellationRequested();
                var s = analyzer.PolarityScores(line);
                output.WriteLine(Invariant($"{s.Negative}\t{s.Neutral}\t{s.Positive}\t{s.Compound}"));
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>The analyzer over DATA/vader; a missing lexicon names the command that fetches it.</summary>
    public static VaderAnalyzer LoadAnalyzer(CliContext context, ParseResult parse)
    {
        var folder = Path.Combine(context.DataDirectory(parse), LexiconFolderName);
        if (!File.Exists(Path.Combine(folder, VaderLexicon.LexiconFileName)) || !File.Exists(Path.Combine(folder, VaderLexicon.EmojiFileName)))
            throw CliException.MissingData($"VADER lexicon not found in {folder}.", "movierec data pull vader");
        try
        {
            return new VaderAnalyzer(folder);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, ExitCodes.UserError, "run: movierec data pull vader");
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
