using System.Text;
using MovieRec.Agent.Chat;

namespace MovieRec.Agent.Offline;

/// <summary>
/// Writes the offline assistant's Markdown answers from templates. Phrasing varies with the message
/// (chosen by a hash, so the same message gets the same answer: replies stay testable).
/// </summary>
internal static class ReplyWriter
{
    private static readonly string[] Openers =
    [
        "Here are some picks {0}:",
        "A few movies {0} you might enjoy:",
        "Some ideas {0}:",
        "Try one of these picks {0}:",
    ];

    private static readonly string[] Closers =
    [
        "Tell me if you'd like something lighter, older or newer, or say \"more like the second one\".",
        "Want more like one of these? Say \"more like the first one\", or \"why\" to hear why I picked it.",
        "Say \"more\" for other options, or tell me what to leave out.",
        "Thumbs up or down any of them and I'll adjust the next picks.",
    ];

    public static string Recommendations(string seedText, string context, IReadOnlyList<MovieRecommendation> picks)
    {
        var seed = StableHash(seedText);
        var sb = new StringBuilder();
        sb.AppendLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, Openers[seed % Openers.Length], context).Replace(" :", ":", StringComparison.Ordinal));
        sb.AppendLine();
        for (var i = 0; i < picks.Count; i++)
        {
            var p = picks[i];
            var year = p.Year is { } y ? $" ({y})" : "";
            var genres = p.Genres.Count > 0 ? $" · {string.Join(", ", p.Genres)}" : "";
            sb.Append(i + 1).Append(". **").Append(p.Title).Append("**").Append(year).Append(genres);
            if (p.Reasons.Count > 0) sb.Append(" — ").Append(p.Reasons[0]);
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.Append(Closers[(seed / 7) % Closers.Length]);
        return sb.ToString();
    }

    /// <summary>Acknowledges genre tastes kept for the session, or null when the message stated none.</summary>
    public static string? NotedTastes(IReadOnlyList<string> liked, IReadOnlyList<string> disliked)
    {
        var parts = new List<string>();
        if (liked.Count > 0) parts.Add($"you like {string.Join(" and ", liked)} movies, so I'll favour them");
        if (disliked.Count > 0) parts.Add($"you'd rather skip {string.Join(" and ", disliked)} movies, so I'll leave them out for the rest of our chat unless you ask");
        return parts.Count == 0 ? null : $"Noted: {string.Join("; ", parts)}.";
    }

    public static string Explain(int position, MovieRecommendation pick)
    {
        var sb = new StringBuilder();
        sb.Append("I suggested **").Append(pick.Title).Append("**").Append(pick.Year is { } y ? $" ({y})" : "").AppendLine(" because:");
        foreach (var reason in pick.Reasons.DefaultIfEmpty("it scored well overall for what you asked"))
            sb.Append("- ").AppendLine(reason);
        var c = pick.Components;
        sb.AppendLine();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"Score parts (0 to 1): taste match {c.Collaborative:0.00}, description match {c.Content:0.00}, tag sentiment {c.Sentiment:0.00}, popularity {c.Popularity:0.00}. (It was number {position}.)");
        return sb.ToString();
    }

    public static string NothingFound(string reason) =>
        $"I couldn't find anything that fits: {reason}. Try loosening one of the constraints (a wider period, fewer excluded genres).";

    public static string NoneOfTheirFilmsFits(string people, int known, string asked) =>
        $"I know {known} {(known == 1 ? "movie" : "movies")} with {people}, but {(known == 1 ? "it does not fit" : "none of them fits")} " +
        $"the rest of what you asked ({asked}). Ask for the movies with {people} alone, or for the rest without a name.";

    public static string AllShown(string people) =>
        $"That's all the movies with {people} I know that fit what you asked. Ask for something else, or name another actor or director.";

    public static string Clarify() =>
        "Happy to help! What are you in the mood for? You can name a movie you loved (\"something like Heat\"), " +
        "a genre or mood (\"a feel-good comedy\", \"mind-bending sci-fi\"), a period (\"from the 90s\"), or who's watching (\"for the kids\").";

    public static string Greeting() =>
        "Hi! I recommend movies. Tell me a film you loved, a genre or a mood, and I'll suggest a few with reasons.";

    public static string Help() =>
        "Ask me things like:\n\n- \"something like Heat but less violent, from the 90s\"\n- \"I loved Trainspotting, what next?\"\n" +
        "- \"a feel-good movie for the kids, nothing too long\"\n- \"more like the second one\", \"why that?\", \"not that, something lighter\"\n\n" +
        "Tell me what you liked or disliked and the next answers change.";

    public static string NoEarlierPicks() =>
        "I haven't recommended anything yet in this conversation. Tell me what you'd like to watch first.";

    public static string UnknownTitle(string phrase, IReadOnlyList<string> suggestions) =>
        suggestions.Count == 0
            ? $"I couldn't find \"{phrase}\" in the catalog."
            : $"I couldn't find \"{phrase}\" in the catalog. Did you mean {string.Join(", ", suggestions.Select(s => $"*{s}*"))}?";

    private static int StableHash(string text)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in text) h = h * 31 + c;
            return h & int.MaxValue;
        }
    }
}
