using System.Globalization;
using MovieRec.Agent.Tools;
using MovieRec.Core.Catalog;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using MovieRec.Engine.Hybrid;

namespace MovieRec.Agent.Offline;

/// <summary>The offline assistant's answer: Markdown, the movies it shows, and the state for the next turn.</summary>
public sealed record OfflineAnswer(string Reply, IReadOnlyList<ToolMovie> Recommendations, OfflineTurnState State);

/// <summary>
/// Answers without an LLM: parses the message (<see cref="RequestParser"/>), calls the same tools the
/// agent uses, and writes the answer from templates with the facts of each recommendation. Follow-ups
/// ("more", "more like the second one", "why that?", "not that, something lighter") use the previous turn's state.
/// </summary>
public sealed class OfflineAssistant(MovieEngine engine)
{
    private readonly RequestParser _parser = new(engine.Catalog, engine.LatestYear);

    public RequestParser Parser => _parser;

    public async Task<OfflineAnswer> AnswerAsync(string message, MovieTools tools, OfflineTurnState? previous, int k, CancellationToken cancellationToken = default)
    {
        var parsed = _parser.Parse(message);
        var state = previous ?? new OfflineTurnState();

        foreach (var movie in parsed.LikedMovies) await tools.RecordAsync(movie, FeedbackSignal.Liked, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var movie in parsed.DislikedMovies) await tools.RecordAsync(movie, FeedbackSignal.Disliked, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (parsed.PickVerdict is { } verdict && Pick(state, parsed.Ordinal) is { } pick && engine.Catalog.Get(pick.MovieId) is { } picked)
            await tools.RecordAsync(picked, verdict, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var genre in parsed.LikedGenres) tools.RememberGenre(genre, liked: true);
        foreach (var genre in parsed.DislikedGenres) tools.RememberGenre(genre, liked: false);

        var answer = await RespondAsync(message, parsed, tools, state, k, cancellationToken).ConfigureAwait(false);
        return ReplyWriter.NotedTastes(parsed.LikedGenres, parsed.DislikedGenres) is { } noted
            ? answer with { Reply = noted + "\n\n" + answer.Reply }
            : answer;
    }

    private async Task<OfflineAnswer> RespondAsync(string message, ParsedRequest parsed, MovieTools tools, OfflineTurnState state, int k, CancellationToken cancellationToken)
    {
        switch (parsed.Intent)
        {
            case ChatIntent.Greeting: return new OfflineAnswer(ReplyWriter.Greeting(), [], state);
            case ChatIntent.Help: return new OfflineAnswer(ReplyWriter.Help(), [], state);
            case ChatIntent.Why:
                return Pick(state, parsed.Ordinal) is { } why
                    ? new OfflineAnswer(ReplyWriter.Explain(Position(state, why), ToContract(why)), [], state)
                    : new OfflineAnswer(ReplyWriter.NoEarlierPicks(), [], state);
        }

        OfflineTurnState next;
        string context;
        switch (parsed.Intent)
        {
            case ChatIntent.MoreLike when Pick(state, parsed.Ordinal) is { } anchor:
                next = Merge(state, parsed) with { SeedMovieIds = [anchor.MovieId], Query = parsed.QueryText };
                context = $"like {anchor.Title}";
                break;
            case ChatIntent.MoreLike or ChatIntent.More when state.Recommendations.Count == 0:
            // with nothing shown yet, "not that" has nothing to refine; "only comedies" is a request of its own
            case ChatIntent.Refine when state.Recommendations.Count == 0 && (parsed with { Intent = ChatIntent.Recommend }).IsVague:
                return new OfflineAnswer(ReplyWriter.NoEarlierPicks(), [], state);
            case ChatIntent.More or ChatIntent.Refine when state.Recommendations.Count > 0:
                next = Merge(state, parsed);
                context = Describe(next, tools.Context.Session.Preferences.DislikedGenres);
                break;
            default:
                if (parsed.IsVague && tools.Context.UserId is null)
                    return new OfflineAnswer(ReplyWriter.Clarify(), [], state);
                next = FromParsed(parsed) with { ShownMovieIds = state.ShownMovieIds };
                context = Describe(next, tools.Context.Session.Preferences.DislikedGenres);
                break;
        }

        var request = new HybridRequest
        {
            Query = next.Query,
            SeedMovieIds = next.SeedMovieIds,
            Genres = next.Genres,
            RequireAllGenres = next.RequireAllGenres,
            ExcludeGenres = next.ExcludedGenres,
            OnlyMovieIds = next.PeopleMovieIds,
            PreferGenres = next.PreferredGenres,
            YearFrom = next.YearFrom,
            YearTo = next.YearTo,
            KidFriendly = next.KidFriendly,
            MaxRuntimeMinutes = next.MaxRuntimeMinutes,
            Acclaimed = next.Acclaimed,
            // a new request may show earlier picks again; "more" and refinements must not
            ExcludeMovieIds = parsed.Intent == ChatIntent.Recommend ? [] : [.. next.ShownMovieIds.Union(state.SeedMovieIds)],
            K = Math.Clamp(k, 1, MovieTools.MaxLimit),
        };
        var result = await tools.RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Movies.Count == 0)
        {
            // "more" after all of a person's films were shown: say so, rather than blame the constraints
            var people = string.Join(" and ", next.People);
            if (parsed.Intent == ChatIntent.More && next.People.Count > 0) return new OfflineAnswer(ReplyWriter.AllShown(people), [], next);
            // a person's films and a period or genre that leave none: say how many of theirs are known, not only "loosen"
            if (next.People.Count > 0)
            {
                var rest = Describe(next with { People = [], PeopleMovieIds = [] }, tools.Context.Session.Preferences.DislikedGenres);
                return new OfflineAnswer(ReplyWriter.NoneOfTheirFilmsFits(people, next.PeopleMovieIds.Count, rest), [], next);
            }
            return new OfflineAnswer(ReplyWriter.NothingFound(result.Note ?? "no movie meets all the constraints"), [], next);
        }

        next = next with
        {
            Recommendations = result.Movies,
            ShownMovieIds = [.. next.ShownMovieIds.Union(result.Movies.Select(m => m.MovieId))],
        };
        var reply = ReplyWriter.Recommendations(message, context, result.Movies.Select(ToContract).ToList());
        return new OfflineAnswer(reply, result.Movies, next);
    }

    private static OfflineTurnState FromParsed(ParsedRequest p) => new()
    {
        Query = p.QueryText,
        SeedMovieIds = p.ReferencedMovies.Where(m => !p.DislikedMovies.Contains(m)).Select(m => m.Id).ToList(),
        People = p.People.Select(x => x.Name).ToList(),
        PeopleMovieIds = MoviesOf(p.People),
        Genres = p.Genres,
        RequireAllGenres = p.RequireAllGenres,
        ExcludedGenres = p.ExcludedGenres,
        PreferredGenres = p.PreferredGenres,
        YearFrom = p.YearFrom,
        YearTo = p.YearTo,
        KidFriendly = p.KidFriendly,
        MaxRuntimeMinutes = p.MaxRuntimeMinutes,
        Acclaimed = p.Acclaimed,
    };

    /// <summary>The previous request with what this message adds or changes.</summary>
    private static OfflineTurnState Merge(OfflineTurnState previous, ParsedRequest p)
    {
        var excluded = previous.ExcludedGenres.Union(p.ExcludedGenres).Except(p.Genres).ToList();
        return previous with
        {
            Query = p.QueryText ?? previous.Query,
            SeedMovieIds = p.ReferencedMovies.Count > 0 ? p.ReferencedMovies.Select(m => m.Id).ToList() : previous.SeedMovieIds,
            People = p.People.Count > 0 ? p.People.Select(x => x.Name).ToList() : previous.People,
            PeopleMovieIds = p.People.Count > 0 ? MoviesOf(p.People) : previous.PeopleMovieIds,
            Genres = p.Genres.Count > 0 ? p.Genres : previous.Genres.Except(excluded).ToList(),
            RequireAllGenres = p.Genres.Count > 0 ? p.RequireAllGenres : previous.RequireAllGenres,
            ExcludedGenres = excluded,
            PreferredGenres = (p.PreferredGenres.Count > 0 ? p.PreferredGenres : previous.PreferredGenres).Except(excluded).ToList(),
            // "newer ones": after the newest shown; "older ones": before the oldest
            YearFrom = p.Era switch
            {
                Era.Newer => previous.Recommendations.Max(m => m.Year) + 1 ?? p.YearFrom,
                Era.Older => null,
                _ => p.YearFrom ?? previous.YearFrom,
            },
            YearTo = p.Era switch
            {
                Era.Older => previous.Recommendations.Min(m => m.Year) - 1 ?? p.YearTo,
                Era.Newer => null,
                _ => p.YearTo ?? previous.YearTo,
            },
            KidFriendly = p.KidFriendly || previous.KidFriendly,
            MaxRuntimeMinutes = p.MaxRuntimeMinutes ?? previous.MaxRuntimeMinutes,
            Acclaimed = p.Acclaimed || previous.Acclaimed,
        };
    }

    /// <summary>The movies of everyone named ("Tom Hanks and Meg Ryan": those with both), else of anyone named.</summary>
    private static List<int> MoviesOf(IReadOnlyList<Person> people)
    {
        if (people.Count == 0) return [];
        var all = people.Skip(1).Aggregate((IEnumerable<int>)people[0].MovieIds, (ids, p) => ids.Intersect(p.MovieIds)).ToList();
        return all.Count > 0 ? all : [.. people.SelectMany(p => p.MovieIds).Distinct()];
    }

    private static ToolMovie? Pick(OfflineTurnState state, int? ordinal)
    {
        if (state.Recommendations.Count == 0) return null;
        var index = ordinal is -1 ? state.Recommendations.Count - 1 : (ordinal ?? 1) - 1;
        return index >= 0 && index < state.Recommendations.Count ? state.Recommendations[index] : null;
    }

    private static int Position(OfflineTurnState state, ToolMovie movie) => state.Recommendations.ToList().IndexOf(movie) + 1;

    /// <summary>The request in words; <paramref name="avoided"/> are the session's disliked genres, which the tools leave out unless asked for.</summary>
    private string Describe(OfflineTurnState s, IReadOnlyList<string> avoided)
    {
        var without = s.ExcludedGenres.Union(avoided.Except(s.Genres, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase).ToList();
        var parts = new List<string>();
        var seeds = s.SeedMovieIds.Select(engine.Catalog.Get).OfType<Core.Domain.Movie>().Select(m => m.Title).ToList();
        if (seeds.Count > 0) parts.Add("like " + string.Join(" and ", seeds));
        if (s.People.Count > 0) parts.Add("with " + string.Join(" and ", s.People));
        if (s.Genres.Count > 0) parts.Add("in " + string.Join(s.RequireAllGenres ? " + " : " or ", s.Genres));
        if (s.YearFrom is { } from && s.YearTo is { } to) parts.Add(from == to ? $"from {from}" : $"from {from} to {to}");
        else if (s.YearFrom is { } f) parts.Add($"from {f} on");
        else if (s.YearTo is { } t) parts.Add($"up to {t}");
        if (s.KidFriendly) parts.Add("suitable for kids");
        if (without.Count > 0) parts.Add("without " + string.Join(" or ", without));
        if (s.MaxRuntimeMinutes is { } max) parts.Add(string.Create(CultureInfo.InvariantCulture, $"under {max} minutes"));
        if (s.Acclaimed) parts.Add("among the best rated");
        return parts.Count == 0 ? "for you" : string.Join(", ", parts);
    }

    internal static Chat.MovieRecommendation ToContract(ToolMovie m) =>
        new(m.MovieId, m.Title, m.Year, m.Genres, m.Score, new Chat.ScoreComponents(m.Collaborative, m.Content, m.Sentiment, m.Popularity), m.Why);
}
