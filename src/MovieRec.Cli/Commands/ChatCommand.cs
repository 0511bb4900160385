using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MovieRec.Agent.Chat;
using MovieRec.Agent.Offline;
using MovieRec.Agent.Service;
using MovieRec.Agent.Tools;
using MovieRec.Core.Errors;
using MovieRec.Core.Stores;
using MovieRec.Engine;
using Spectre.Console;

namespace MovieRec.Cli.Commands;

/// <summary>
/// `movierec chat`: a conversation in the terminal, kept in the session store so a restart continues it.
/// Interactive: a prompt, streamed answers, a table of picks, slash commands, Ctrl+C cancels the current answer.
/// Piped (stdin is not a terminal): one message per line, replies printed as plain text, for scripts.
/// </summary>
public static class ChatCommand
{
    public const string DefaultSession = "terminal";

    private const string Help = """
        /user N        chat as user N of the dataset (their ratings shape the picks)
        /like TITLE    remember that you liked a movie
        /dislike TITLE never suggest this movie again
        /why N         why the N-th pick of the last answer
        /reset         forget this conversation and start over
        /help          this list
        /quit          leave (the conversation is kept: `movierec chat` continues it)
        Ctrl+C cancels the answer being written.
        """;

    public static Command Create(CliContext context)
    {
        var user = new Option<int?>("--user", "-u") { Description = "Chat as this user of the dataset" };
        var session = new Option<string>("--session", "-s") { Description = "The conversation to continue or start", DefaultValueFactory = _ => DefaultSession };
        var fresh = new Option<bool>("--new") { Description = "Start the conversation over (forget the stored one)" };
        var command = new Command("chat", "Talk to the recommender (the LLM when configured, else the offline assistant)") { user, session, fresh };
        command.SetHandler(context, async (parse, ct) =>
        {
            var engine = await EngineBootstrap.LoadAsync(context, parse, ct);
            var services = context.AgentServices(parse);
            var chat = new Session(context, engine, services, parse.GetRequiredValue(session), parse.GetValue(user));
            if (parse.GetValue(fresh)) await chat.ResetAsync(ct);
            return await chat.RunAsync(ct);
        });
        return command;
    }

    private sealed class Session(CliContext context, MovieEngine engine, IServiceProvider services, string sessionId, int? userId)
    {
        private readonly IChatService _chat = services.GetRequiredService<IChatService>();
        private readonly IMovieService _movies = services.GetRequiredService<IMovieService>();
        private readonly ISessionStore _sessions = services.GetRequiredService<ISessionStore>();
        private readonly bool _interactive = context.Environment.Interactive && !context.Environment.InputRedirected;
        private readonly TextWriter _out = context.Environment.Out;
        private int? _userId = userId;
        private IReadOnlyList<MovieRecommendation> _lastPicks = [];
        private CancellationTokenSource? _turn;

        public async Task<int> RunAsync(CancellationToken ct)
        {
            await GreetAsync(ct);
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                // Ctrl+C during an answer cancels that answer only; at the prompt it ends the program as usual.
                if (_turn is { IsCancellationRequested: false } turn) { e.Cancel = true; turn.Cancel(); }
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var line = ReadLine();
                    if (line is null) break; // end of input
                    line = line.Trim();
                    if (line.Length == 0) continue;
                    if (line.StartsWith('/'))
                    {
                        if (!await SlashAsync(line, ct)) break;
                        continue;
                    }
                    await TurnAsync(line, ct);
                }
            }
            finally { Console.CancelKeyPress -= onCancel; }
            return ExitCodes.Ok;
        }

        public async Task ResetAsync(CancellationToken ct)
        {
            await _sessions.DeleteAsync(sessionId, ct);
            _lastPicks = [];
        }

        private async Task GreetAsync(CancellationToken ct)
        {
            var stored = await _sessions.LoadAsync(sessionId, ct);
            _userId ??= stored?.UserId;
            if (stored is not null) _lastPicks = LastPicks(stored);
            var who = _userId is { } u ? $"user {u}" : "a new user";
            var state = stored is { Messages.Count: > 0 } ? $"continuing session '{sessionId}' ({stored.Messages.Count} messages)" : $"session '{sessionId}'";
            if (_interactive)
            {
                context.Console.MarkupLine($"[bold]MovieRec[/] chat as {Markup.Escape(who)}, {Markup.Escape(state)}. Type [blue]/help[/] for commands, [blue]/quit[/] to leave.");
                if (stored is { Messages.Count: > 0 } && stored.Messages[^1] is { Role: MessageRole.Assistant } last)
                    context.Console.MarkupLine($"[grey]last answer:[/] {Markup.Escape(Shorten(last.Content, 200))}");
            }
            else
            {
                context.ErrorConsole.MarkupLine($"[grey]chat as {Markup.Escape(who)}, {Markup.Escape(state)}[/]");
            }
        }

        private string? ReadLine()
        {
            if (!_interactive) return context.Environment.In.ReadLine();
            context.Console.WriteLine();
            return context.Console.Prompt(new TextPrompt<string>("[bold green]you>[/]").AllowEmpty());
        }

        private async Task TurnAsync(string message, CancellationToken ct)
        {
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _turn = turn;
            try
            {
                ChatResponse? response = null;
                if (_interactive) context.Console.Markup("[bold blue]movierec>[/] ");
                await foreach (var e in _chat.ChatStreamingAsync(new ChatRequest { SessionId = sessionId, UserId = _userId, Message = message }, turn.Token))
                {
                    if (e is ChatStreamEvent.Delta delta) Write(delta.Text);
                    else if (e is ChatStreamEvent.Completed done) response = done.Response;
                }
                Write("\n");
                if (response is null) return;
                if (response.Recommendations.Count > 0) _lastPicks = response.Recommendations;
                if (_interactive)
                {
                    if (response.Recommendations.Count > 0) context.Console.Write(RecommendationView.Table(response.Recommendations));
                    context.Console.MarkupLine($"[grey]({Markup.Escape(response.Responder)})[/]");
                }
                else
                {
                    _out.WriteLine();
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // the session keeps everything up to the last complete answer
                Write("\n");
                context.ErrorConsole.MarkupLine("[yellow]cancelled[/] (the conversation goes on)");
            }
            catch (UserInputException e)
            {
                context.Error(e.Message);
            }
            finally { _turn = null; }
        }

        private void Write(string text)
        {
            if (_interactive) context.Console.Write(new Text(text));
            else _out.Write(text);
        }

        /// <summary>Runs a slash command; false means quit.</summary>
        private async Task<bool> SlashAsync(string line, CancellationToken ct)
        {
            var space = line.IndexOf(' ');
            var name = (space < 0 ? line : line[..space]).ToLowerInvariant();
            var argument = space < 0 ? "" : line[(space + 1)..].Trim();
            try
            {
                switch (name)
                {
                    case "/quit" or "/exit" or "/q":
                        return false;
                    case "/help" or "/?":
                        Say(Help);
                        break;
                    case "/reset":
                        await ResetAsync(ct);
                        Say("Started over: the conversation is forgotten (your likes and dislikes as a user are kept).");
                        break;
                    case "/user":
                        if (!int.TryParse(argument, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)) { context.Error("usage: /user N"); break; }
                        if (!engine.IsKnownUser(id)) { context.Error($"No user with id {id}."); break; }
                        _userId = id;
                        Say($"Now chatting as user {id}.");
                        break;
                    case "/like" or "/dislike":
                        await FeedbackAsync(argument, name == "/like" ? FeedbackSignal.Liked : FeedbackSignal.Disliked, ct);
                        break;
                    case "/why":
                        Why(argument);
                        break;
                    default:
                        context.Error($"Unknown command {name}.", "type /help for the list");
                        break;
                }
            }
            catch (UserInputException e)
            {
                context.Error(e.Message);
            }
            return true;
        }

        private async Task FeedbackAsync(string title, FeedbackSignal signal, CancellationToken ct)
        {
            if (title.Length == 0) { context.Error($"usage: /{signal.ToString().ToLowerInvariant()[..^1]} TITLE"); return; }
            var tools = new MovieTools(engine, services.GetRequiredService<IFeedbackStore>(), new TurnContext(ChatSession.Start(), []));
            // "/like 2" means the second pick of the last answer
            var movie = int.TryParse(title, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= _lastPicks.Count
                ? engine.Catalog.Get(_lastPicks[n - 1].MovieId)
                : tools.ResolveTitle(title) is var (found, error) && found is null
                    ? throw new UserInputException(error!.Error + (error.Suggestions is { Count: > 0 } s ? " Did you mean: " + string.Join("; ", s) + "?" : ""))
                    : found;
            await _movies.RecordFeedbackAsync(new FeedbackRequest(sessionId, _userId, movie!.Id, signal), ct);
            Say(signal == FeedbackSignal.Liked ? $"Noted: you liked {movie.DisplayTitle}." : $"Noted: no more {movie.DisplayTitle}.");
        }

        private void Why(string argument)
        {
            if (_lastPicks.Count == 0) { Say("There are no picks to explain yet: ask for some first."); return; }
            if (!int.TryParse(argument, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > _lastPicks.Count)
            {
                context.Error($"usage: /why N, with N from 1 to {_lastPicks.Count}");
                return;
            }
            var pick = _lastPicks[n - 1];
            var c = pick.Components;
            var lines = new List<string> { $"{n}. {RecommendationView.Display(pick)}: {string.Join(", ", pick.Genres)}" };
            lines.AddRange(pick.Reasons.Select(r => "   - " + r));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"   score {pick.Score:0.00} = taste match {c.Collaborative:0.00}, description match {c.Content:0.00}, tag sentiment {c.Sentiment:0.00}, popularity {c.Popularity:0.00}"));
            Say(string.Join('\n', lines));
        }

        private void Say(string text)
        {
            if (_interactive) context.Console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
            else _out.WriteLine(text);
        }

        /// <summary>The picks of the last stored answer, so /why works after a restart.</summary>
        private static IReadOnlyList<MovieRecommendation> LastPicks(ChatSession session)
        {
            var payload = session.Messages.LastOrDefault(m => m.Role == MessageRole.Assistant && m.PayloadJson is not null)?.PayloadJson;
            if (payload is null) return [];
            try
            {
                var state = JsonSerializer.Deserialize<OfflineTurnState>(payload, MovieTools.JsonOptions);
                return state?.Recommendations.Select(m => new MovieRecommendation(m.MovieId, m.Title, m.Year, m.Genres, m.Score,
                    new ScoreComponents(m.Collaborative, m.Content, m.Sentiment, m.Popularity), m.Why)).ToList() ?? [];
            }
            catch (JsonException) { return []; }
        }

        private static string Shorten(string text, int max)
        {
            var flat = text.ReplaceLineEndings(" ");
            return flat.Length <= max ? flat : flat[..max] + "…";
        }
    }
}
