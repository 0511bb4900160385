using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MovieRec.Core.Catalog;

namespace MovieRec.Agent.Loop;

/// <summary>
/// The last check on a model's text: every list item that names a movie (`1. **Title (Year)**: why`, the format the
/// prompts ask for) must name one of the turn's grounded picks. An item naming anything else (a movie the engine did
/// not return, or one not in the catalog at all) is dropped and logged: the ids were checked, and so is the prose.
/// </summary>
public static partial class ReplyGrounding
{
    public static string DropUngroundedItems(string text, IReadOnlySet<int> groundedIds, MovieCatalog catalog, ILogger logger)
    {
        var lines = text.Split('\n');
        var kept = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            if (ListItemTitle().Match(line) is { Success: true } item)
            {
                var title = item.Groups["title"].Value.Trim();
                var year = item.Groups["year"].Success ? int.Parse(item.Groups["year"].Value, CultureInfo.InvariantCulture) : (int?)null;
                var movie = catalog.FindBest(title, year);
                if (movie is null || !groundedIds.Contains(movie.Id))
                {
                    logger.LogWarning("Dropped a list item naming {Title}: {Reason}", title,
                        movie is null ? "not in the catalog" : $"movie {movie.Id} was not among this turn's picks");
                    continue;
                }
            }
            kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    // "1. **Heat (1995)**: ...", "- **Heat** (1995) - ...": the bold text is the title, the year inside or just after it
    [GeneratedRegex(@"^\s*(?:\d+[.)]|[-*+])\s+\*\*(?<title>[^*]+?)(?:\s*\((?<year>\d{4})\))?\*\*(?:\s*\((?<year>\d{4})\))?")]
    private static partial Regex ListItemTitle();
}
