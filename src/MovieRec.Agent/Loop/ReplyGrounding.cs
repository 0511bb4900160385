using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MovieRec.Core.Catalog;

namespace MovieRec.Agent.Loop;

/// <summary>
/// The last check on a model's text: every list item that names a movie (`1. **Title (Year)**: why`, the format the
/// prompts ask for) must name one of the turn's grounded picks. An item naming anything else (a movie the engine did
/// not return, or one not in the catalog at all) is dropped and logged: the ids were checked, and so is the prose.
/// A streamed reply gets the same rule line by line: see <see cref="GroundedReplyStream"/>.
/// </summary>
public static partial class ReplyGrounding
{
    public static string DropUngroundedItems(string text, IReadOnlySet<int> groundedIds, MovieCatalog catalog, ILogger logger) =>
        string.Join('\n', text.Split('\n').Where(line => Keeps(line, groundedIds, catalog, logger)));

    /// <summary>The rule for one line: false (and logged) for a list item naming a movie that is not one of <paramref name="groundedIds"/>.</summary>
    public static bool Keeps(string line, IReadOnlySet<int> groundedIds, MovieCatalog catalog, ILogger logger)
    {
        if (ListItemTitle().Match(line) is not { Success: true } item) return true;
        var title = item.Groups["title"].Value.Trim();
        var year = item.Groups["year"].Success ? int.Parse(item.Groups["year"].Value, CultureInfo.InvariantCulture) : (int?)null;
        var movie = catalog.FindBest(title, year);
        if (movie is not null && groundedIds.Contains(movie.Id)) return true;
        logger.LogWarning("Dropped a list item naming {Title}: {Reason}", title,
            movie is null ? "not in the catalog" : $"movie {movie.Id} was not among this turn's picks");
        return false;
    }

    /// <summary>
    /// Whether a line that begins with <paramref name="start"/> could still be a list item the rule judges; when not, the
    /// rule keeps it whatever follows, so a stream may show it at once.
    /// </summary>
    public static bool MayBeListItem(string start) => ListItemStart().IsMatch(start);

    // "1. **Heat (1995)**: ...", "- **Heat** (1995) - ...": the bold text is the title, the year inside or just after it
    [GeneratedRegex(@"^\s*(?:\d+[.)]|[-*+])\s+\*\*(?<title>[^*]+?)(?:\s*\((?<year>\d{4})\))?\*\*(?:\s*\((?<year>\d{4})\))?")]
    private static partial Regex ListItemTitle();

    // every line ListItemTitle matches begins like this: blank so far, or a digit or a bullet after the indent
    [GeneratedRegex(@"^\s*(?:$|\d|[-*+])")]
    private static partial Regex ListItemStart();
}
