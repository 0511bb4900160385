using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MovieRec.Agent.Hosting;
using MovieRec.Agent.Llm;
using MovieRec.Agent.Loop;
using MovieRec.Agent.Offline;
using MovieRec.Agent.Prompts;
using MovieRec.Agent.Tools;
using MovieRec.Core.Errors;
using MovieRec.Core.Stores;
using MovieRec.Engine;

namespace MovieRec.Agent.Chat;

/// <summary>
/// One chat turn, whatever the surface: loads the session (or takes a stateless history), picks the responder
/// (the LLM agent when configured, else the offline assistant; the offline assistant also when the LLM fails,
/// which <see cref="ChatResponse.Responder"/> says), and saves the turn so a restart loses nothing.
/// </summary>
public sealed class ChatService(
    EngineProvider engines, ISessionStore sessions, IFeedbackStore feedback, PromptLibrary prompts, IOptions<LlmOptions> llmOptions,
    IOptions<ChatServiceOptions> options, ILoggerFactory loggerFactory, IChatClient? chatClient = null) : IChatService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ChatService>();
    private readonly LlmResponder? _llm = chatClient is null ? null : new LlmResponder(chatClient, prompts, llmOptions.Value, loggerFactory);
    private OfflineAssistant? _offline;

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ChatResponse? response = null;
        await foreach (var e in RunAsync(request, streaming: false, cancellationToken).ConfigureAwait(false))
            if (e is ChatStreamEvent.Completed done) response = done.Response;
        return response!;
    }

    public IAsyncEnumerable<ChatStreamEvent> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, streaming: true, cancellationToken);

    private async IAsyncEnumerable<ChatStreamEvent> RunAsync(ChatRequest request, bool streaming, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Validate(request);
        var k = request.K ?? options.Value.DefaultK;
        var engine = await engines.GetAsync(cancellationToken).ConfigureAwait(false);
        var stateless = request.Messages is not null;
        var session = await OpenSessionAsync(request, cancellationToken).ConfigureAwait(false);
        // feedback given in this session and, for a known user, everything they gave before
        // (a stateless call's session is new, so it has none: no store round trip for it)
        var given = stateless ? [] : (await feedback.ListAsync(FeedbackSubject.ForSession(session.Id), cancellationToken).ConfigureAwait(false)).ToList();
        if (session.UserId is { } uid) given.AddRange(await feedback.ListAsync(FeedbackSubject.ForUser(uid), cancellationToken).ConfigureAwait(false));
        var context = new TurnContext(session, given);
        var tools = new MovieTools(engine, feedback, context);
        var previous = LastState(session);
        var history = session.HistoryWithin(options.Value.HistoryTokenBudget);

        string reply, responder;
        IReadOnlyList<ToolMovie> shown;
        OfflineTurnState state;
        AgentTurnResult? llmResult = null;
        string? fallbackReason = null;
        // the streamed text gets the reply's grounding line by line, so the user never sees a line the reply drops
        var streamFilter = new GroundedReplyStream(engine.Catalog);
        var streamed = new StringBuilder(); // the model's text the person has seen, should it fail half-way
        if (_llm is not null)
        {
            var stream = _llm.RunAsync(engine, tools, history, request.Message, k, streaming, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    AgentStreamUpdate update;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false)) break;
                        update = stream.Current;
                    }
                    catch (LlmUnavailableException e)
                    {
                        fallbackReason = e.Message;
                        _logger.LogWarning("LLM unavailable, answering offline: {Reason}", e.Message);
                        break;
                    }
                    if (update.Recommendations is { } picks) streamFilter.GroundedIds = Shown(picks, context).Select(r => r.MovieId).ToHashSet();
                    if (update.TextDelta is { Length: > 0 } delta && streamFilter.Push(delta) is { Length: > 0 } text)
                    {
                        streamed.Append(text);
                        yield return new ChatStreamEvent.Delta(text);
                    }
                    if (update.Result is { } result) llmResult = result;
                }
            }
            finally { await stream.DisposeAsync().ConfigureAwait(false); }
        }

        if (llmResult is not null)
        {
            responder = _llm!.Name;
            shown = Shown(llmResult.Recommendations, context)
                .Select(r => context.Returned[r.MovieId] is var m && !string.IsNullOrWhiteSpace(r.Reason) ? m with { Why = [r.Reason, .. m.Why] } : m)
                .ToList();
            streamFilter.GroundedIds = shown.Select(m => m.MovieId).ToHashSet();
            reply = ReplyGrounding.DropUngroundedItems(llmResult.Text, streamFilter.GroundedIds, engine.Catalog, _logger);
            if (streamFilter.Complete() is { Length: > 0 } rest) yield return new ChatStreamEvent.Delta(rest);
            state = (previous ?? new OfflineTurnState()) with { Recommendations = shown, ShownMovieIds = [.. (previous?.ShownMovieIds ?? []).Union(shown.Select(m => m.MovieId))] };
        }
        else
        {
            _offline ??= new OfflineAssistant(engine);
            if (stateless && previous is null) previous = await ReplayAsync(_offline, engine, context, request.Messages!, k, cancellationToken).ConfigureAwait(false);
            var answer = await _offline.AnswerAsync(request.Message, tools, previous, k, cancellationToken).ConfigureAwait(false);
            (reply, shown, state) = (answer.Reply, answer.Recommendations, answer.State);
            responder = fallbackReason is null ? "offline" : $"offline (llm unavailable: {fallbackReason})";
            // the model broke off after some of its answer was shown: say so, and keep what was shown in the reply
            var broken = streamed.Length > 0 ? $"\n\n{StreamBrokeOffNote}\n\n" : "";
            yield return new ChatStreamEvent.Delta(broken + reply);
            reply = streamed + broken + reply;
        }

        // a stateless call keeps nothing, so its turn is neither recorded nor saved
        if (!stateless)
        {
            session.Messages.Add(SessionMessage.User(request.Message));
            session.Messages.Add(SessionMessage.Assistant(reply, JsonSerializer.Serialize(state, MovieTools.JsonOptions)));
            session.UpdatedAt = DateTimeOffset.UtcNow;
            await sessions.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        }

        var recommendations = shown.Take(k).Select(OfflineAssistant.ToContract).ToList();
        yield return new ChatStreamEvent.Completed(new ChatResponse(session.Id, reply, recommendations, responder));
    }

    internal const string StreamBrokeOffNote = "_(The model stopped answering; here is the offline assistant's answer.)_";

    /// <summary>The model's picks that our tools returned in this turn: all that the reply may name.</summary>
    private static IEnumerable<GroundedRecommendation> Shown(IEnumerable<GroundedRecommendation> picks, TurnContext context) =>
        picks.Where(r => context.Returned.ContainsKey(r.MovieId));

    private static void Validate(ChatRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Message)) throw new UserInputException("The message must not be empty.", "message");
        if (request.K is < 1 or > ChatServiceOptions.MaxK) throw new UserInputException($"k must be between 1 and {ChatServiceOptions.MaxK}.", "k");
        if (request.SessionId is { Length: > ChatSession.MaxIdLength }) throw new UserInputException($"sessionId must be at most {ChatSession.MaxIdLength} characters.", "sessionId");
        foreach (var m in request.Messages ?? [])
            if (m.Role is not ("user" or "assistant")) throw new UserInputException($"Each message's role must be 'user' or 'assistant' (got '{m.Role}').", "messages");
    }

    private async Task<ChatSession> OpenSessionAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (request.Messages is { } messages)
        {
            var ephemeral = ChatSession.Start(request.UserId);
            ephemeral.Messages.AddRange(messages.Select(m => m.Role == "user" ? SessionMessage.User(m.Content) : SessionMessage.Assistant(m.Content)));
            return ephemeral;
        }
        var session = request.SessionId is { Length: > 0 } id
            ? await sessions.LoadAsync(id, cancellationToken).ConfigureAwait(false) ?? new ChatSession { Id = id }
            : ChatSession.Start();
        if (request.UserId is { } user) session.UserId = user;
        return session;
    }

    /// <summary>
    /// A stateless call brings its history as text only: its user turns are replayed through the offline assistant
    /// (deterministic) to rebuild what "the second one" or "something lighter" refers to. What they said (likes,
    /// dislikes) counts for this turn but is not stored again.
    /// </summary>
    private static async Task<OfflineTurnState?> ReplayAsync(OfflineAssistant offline, MovieEngine engine, TurnContext context,
        IReadOnlyList<ChatTurn> history, int k, CancellationToken cancellationToken)
    {
        var replay = new MovieTools(engine, new TurnOnlyFeedback(), context);
        OfflineTurnState? state = null;
        foreach (var turn in history.Where(t => t.Role == "user"))
            state = (await offline.AnswerAsync(turn.Content, replay, state, k, cancellationToken).ConfigureAwait(false)).State;
        return state;
    }

    /// <summary>Feedback that lives in the turn only (a replayed history's).</summary>
    private sealed class TurnOnlyFeedback : IFeedbackStore
    {
        public Task<Feedback> AddAsync(Feedback feedback, CancellationToken cancellationToken = default) => Task.FromResult(feedback);
        public Task<IReadOnlyList<Feedback>> ListAsync(FeedbackSubject subject, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Feedback>>([]);
        public Task<bool> RemoveAsync(FeedbackSubject subject, long feedbackId, CancellationToken cancellationToken = default) => Task.FromResult(false);
        public Task<int> RemoveForMovieAsync(FeedbackSubject subject, int movieId, CancellationToken cancellationToken = default) => Task.FromResult(0);
        public Task<Feedback?> UndoLastAsync(FeedbackSubject subject, CancellationToken cancellationToken = default) => Task.FromResult<Feedback?>(null);
    }

    private static OfflineTurnState? LastState(ChatSession session)
    {
        var payload = session.Messages.LastOrDefault(m => m.Role == MessageRole.Assistant && m.PayloadJson is not null)?.PayloadJson;
        if (payload is null) return null;
        try { return JsonSerializer.Deserialize<OfflineTurnState>(payload, MovieTools.JsonOptions); }
        catch (JsonException) { return null; }
    }
}
