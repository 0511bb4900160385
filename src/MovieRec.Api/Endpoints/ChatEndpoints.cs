using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MovieRec.Agent.Chat;
using MovieRec.Api.Infrastructure;
using MovieRec.Api.Models;

namespace MovieRec.Api.Endpoints;

/// <summary>POST /chat and POST /chat/stream (server-sent events).</summary>
public static class ChatEndpoints
{
    public const int MaxK = 20;
    public const int MaxMessageLength = 4000;
    public const int MaxHistoryMessages = 100;

    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/chat").WithTags("Chat");

        group.MapPost("/", ChatAsync)
            .WithName("Chat")
            .WithSummary("One chat turn: a Markdown reply and grounded recommendations.");

        group.MapPost("/stream", StreamAsync)
            .WithName("ChatStream")
            .WithSummary("One chat turn as server-sent events: 'delta' events with {text}, then 'done' with the full response.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem();

        return group;
    }

    private static async Task<Results<Ok<ChatResponse>, ValidationProblem>> ChatAsync(
        ChatRequestBody body, [FromServices] IChatService chat, CancellationToken cancellationToken)
    {
        if (!TryMap(body, out var request, out var errors))
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await chat.ChatAsync(request, cancellationToken));
    }

    private static async Task<IResult> StreamAsync(
        ChatRequestBody body, [FromServices] IChatService chat, CancellationToken cancellationToken)
    {
        if (!TryMap(body, out var request, out var errors))
            return TypedResults.ValidationProblem(errors);

        // Read the first event before answering, so that an error at the start of the turn
        // (unknown user, bad input) still becomes an ordinary ProblemDetails response.
        var events = chat.ChatStreamingAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await events.MoveNextAsync())
                throw new InvalidOperationException("The chat service ended the stream without a response.");
        }
        catch
        {
            await events.DisposeAsync();
            throw;
        }
        return new ChatEventStreamResult(events);
    }

    /// <summary>Validates the body and builds the chat service's request.</summary>
    internal static bool TryMap(ChatRequestBody body, out ChatRequest request, out Dictionary<string, string[]> errors)
    {
        var problems = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(body.Message))
            problems.Add("message", "message is required.");
        else if (body.Message.Length > MaxMessageLength)
            problems.Add("message", $"message must be at most {MaxMessageLength} characters.");
        problems.CheckK(body.K, MaxK); // absent: Chat:DefaultK
        if (body.UserId is <= 0)
            problems.Add("userId", "userId must be a positive integer.");
        if (body.SessionId is { Length: > 100 })
            problems.Add("sessionId", "sessionId must be at most 100 characters.");

        List<ChatTurn>? history = null;
        if (body.Messages is { } messages)
        {
            if (messages.Count > MaxHistoryMessages)
                problems.Add("messages", $"messages must hold at most {MaxHistoryMessages} entries.");
            history = [];
            for (var i = 0; i < messages.Count; i++)
            {
                var role = messages[i]?.Role?.Trim().ToLowerInvariant();
                if (role is not ("user" or "assistant"))
                    problems.Add($"messages[{i}].role", "role must be 'user' or 'assistant'.");
                if (string.IsNullOrWhiteSpace(messages[i]?.Content))
                    problems.Add($"messages[{i}].content", "content is required.");
                history.Add(new ChatTurn(role ?? "", messages[i]?.Content ?? ""));
            }
        }

        errors = problems.ToDictionary();
        request = problems.Any ? null! : new ChatRequest
        {
            SessionId = string.IsNullOrWhiteSpace(body.SessionId) ? null : body.SessionId.Trim(),
            UserId = body.UserId,
            Message = body.Message!.Trim(),
            Messages = history,
            K = body.K, // null: Chat:DefaultK
        };
        return !problems.Any;
    }

    /// <summary>Writes a chat stream as text/event-stream, flushing after every event.</summary>
    private sealed class ChatEventStreamResult(IAsyncEnumerator<ChatStreamEvent> events) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var aborted = httpContext.RequestAborted;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            await using (events)
            {
                try
                {
                    do
                    {
                        switch (events.Current)
                        {
                            case ChatStreamEvent.Delta delta:
                                await WriteEventAsync(response, "delta", JsonSerializer.Serialize(new ChatDelta(delta.Text), ApiJsonContext.Default.ChatDelta), aborted);
                                break;
                            case ChatStreamEvent.Completed done:
                                await WriteEventAsync(response, "done", JsonSerializer.Serialize(done.Response, ApiJsonContext.Default.ChatResponse), aborted);
                                return;
                        }
                    }
                    while (await events.MoveNextAsync());
                }
                catch (Exception ex) when (!aborted.IsCancellationRequested)
                {
                    // Headers are sent: the error can only travel as an event.
                    httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChatEndpoints))
                        .LogError(ex, "The chat stream failed");
                    var problem = ApiExceptionHandler.ToProblem(ex);
                    await WriteEventAsync(response, "error", JsonSerializer.Serialize(problem, ApiJsonContext.Default.ProblemDetails), aborted);
                }
            }
        }

        private static async Task WriteEventAsync(HttpResponse response, string name, string json, CancellationToken cancellationToken)
        {
            await response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
