using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MovieRec.Agent.Chat;

namespace MovieRec.Api.Tests.Fakes;

/// <summary>
/// A chat service over the fake catalog: recommends the movies whose genres the message names (all movies when it
/// names none), leaves out what the session disliked, keeps history per session unless the request is stateless.
/// </summary>
public sealed class FakeChatService(FakeMovieService movies) : IChatService
{
    public ConcurrentDictionary<string, List<ChatTurn>> Sessions { get; } = new();
    public ChatRequest? LastRequest { get; private set; }
    /// <summary>When set, a stream fails with it after its first delta (headers already sent).</summary>
    public Exception? StreamFailure { get; set; }

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(request));

    public async IAsyncEnumerable<ChatStreamEvent> ChatStreamingAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Answer(request);
        // Three chunks that add up to the reply, as a real model's deltas would.
        var third = response.Reply.Length / 3;
        foreach (var chunk in new[] { response.Reply[..third], response.Reply[third..(2 * third)], response.Reply[(2 * third)..] })
        {
            await Task.Yield();
            yield return new ChatStreamEvent.Delta(chunk);
            if (StreamFailure is not null) throw StreamFailure;
        }
        yield return new ChatStreamEvent.Completed(response);
    }

    private ChatResponse Answer(ChatRequest request)
    {
        LastRequest = request;
        var stateless = request.Messages is not null;
        var sessionId = request.SessionId ?? (stateless ? "stateless" : Guid.NewGuid().ToString("n"));
        var history = stateless ? [.. request.Messages!] : Sessions.GetOrAdd(sessionId, _ => []);

        var disliked = movies.DislikedIn(sessionId);
        var named = FakeMovieService.Catalog.SelectMany(m => m.Genres).Distinct()
            .Where(g => request.Message.Contains(g, StringComparison.OrdinalIgnoreCase)).ToList();
        var picks = FakeMovieService.Catalog
            .Where(m => named.Count == 0 || m.Genres.Any(named.Contains))
            .Where(m => !disliked.Contains(m.Id))
            .Take(request.K ?? 5)
            .Select(m => FakeMovieService.ToRecommendation(m.Id, named.Count == 0 ? "popular pick" : $"a {string.Join("/", named)} movie"))
            .ToList();

        var reply = $"Here are **{picks.Count}** picks for *{request.Message}* (after {history.Count} earlier messages):\n\n"
            + string.Join("\n", picks.Select(p => $"- **{p.Title}** ({p.Year})"));
        if (!stateless)
        {
            lock (history)
            {
                history.Add(new ChatTurn("user", request.Message));
                history.Add(new ChatTurn("assistant", reply));
            }
        }
        return new ChatResponse(sessionId, reply, picks, "fake");
    }
}
