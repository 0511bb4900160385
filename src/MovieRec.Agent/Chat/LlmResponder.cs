using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Loop;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Tools;
using MovieRec.Core.Domain;
using MovieRec.Core.Stores;
using MovieRec.Engine;

namespace MovieRec.Agent.Chat;

/// <summary>The LLM side of a chat turn: the system prompt with the user's profile, the history, the tools, the grounded loop.</summary>
internal sealed class LlmResponder(IChatClient client, PromptLibrary prompts, LlmOptions options, ILoggerFactory loggerFactory)
{
    public string Name => $"llm:{LlmProviders.Normalize(options.Provider)}/{options.Model}";

    /// <summary>Runs the turn; without <paramref name="streaming"/> the model is asked for whole responses and the one update is the result.</summary>
    /// <param name="count">How many movies the answer should recommend (the request's k).</param>
    public IAsyncEnumerable<AgentStreamUpdate> RunAsync(MovieEngine engine, MovieTools tools, IReadOnlyList<SessionMessage> history, string message, int count, bool streaming, CancellationToken cancellationToken)
    {
        var loop = new ToolCallingLoop(client, prompts.Repair, new ToolCallingLoopOptions { MaxToolSteps = options.MaxToolSteps }, loggerFactory.CreateLogger<ToolCallingLoop>());
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt(engine, tools, count)) };
        foreach (var m in history.Where(m => m.Role != MessageRole.Tool))
            messages.Add(new ChatMessage(m.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, m.Content));
        messages.Add(new ChatMessage(ChatRole.User, message));
        return streaming ? loop.RunStreamingAsync(messages, tools.AsFunctions(), cancellationToken) : Whole(loop, messages, tools, cancellationToken);
    }

    private static async IAsyncEnumerable<AgentStreamUpdate> Whole(ToolCallingLoop loop, List<ChatMessage> messages, MovieTools tools,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return AgentStreamUpdate.Completed(await loop.RunAsync(messages, tools.AsFunctions(), cancellationToken).ConfigureAwait(false));
    }

    private string SystemPrompt(MovieEngine engine, MovieTools tools, int count) =>
        prompts.System.Render(("profile", Profile(tools)), ("preferences", Preferences(engine, tools.Context)),
            ("count", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>What we know of the user, for the system prompt (also used by email).</summary>
    internal static string Profile(MovieTools tools)
    {
        if (tools.Context.UserId is null) return "A new user: nothing known yet beyond this conversation.";
        var p = tools.UserProfile();
        if (!p.Known) return $"User {p.UserId}: not in the ratings data, a new user.";
        var sb = new StringBuilder();
        sb.Append("User ").Append(p.UserId).Append(", ").Append(p.RatingCount).AppendLine(" ratings.");
        if (p.FavouriteGenres.Count > 0) sb.Append("- Favourite genres: ").AppendLine(string.Join(", ", p.FavouriteGenres));
        if (p.TopRated.Count > 0)
            sb.Append("- Top-rated: ").AppendLine(string.Join("; ", p.TopRated.Select(m => $"{m.Title}{(m.Year is { } y ? $" ({y})" : "")} {m.Rating:0.#}/5")));
        var demographics = new[] { p.Age is { } a ? $"age {a}" : null, p.Gender, p.Occupation }.Where(x => x is not null).ToList();
        if (demographics.Count > 0) sb.Append("- Demographics: ").AppendLine(string.Join(", ", demographics));
        return sb.ToString().TrimEnd();
    }

    private static string Preferences(MovieEngine engine, TurnContext context)
    {
        var prefs = context.Session.Preferences;
        string Titles(IEnumerable<int> ids) => string.Join("; ", ids.Select(engine.Catalog.Get).OfType<Movie>().Select(m => m.DisplayTitle));
        var lines = new List<string>();
        if (prefs.LikedMovieIds.Count > 0) lines.Add("- Liked: " + Titles(prefs.LikedMovieIds));
        if (prefs.DislikedMovieIds.Count > 0) lines.Add("- Disliked (never recommend): " + Titles(prefs.DislikedMovieIds));
        if (prefs.LikedGenres.Count > 0) lines.Add("- Likes genres: " + string.Join(", ", prefs.LikedGenres));
        if (prefs.DislikedGenres.Count > 0) lines.Add("- Avoid genres: " + string.Join(", ", prefs.DislikedGenres));
        lines.AddRange(prefs.Notes.Select(n => "- " + n));
        return lines.Count == 0 ? "None yet." : string.Join('\n', lines);
    }
}
