namespace MovieRec.Api.Models;

// The JSON bodies of the HTTP API. Request bodies are nullable on purpose: the endpoints validate them
// and answer 400 naming the field, instead of failing inside the JSON reader.

/// <summary>POST /chat and POST /chat/stream. With <see cref="Messages"/> the call is stateless.</summary>
public sealed class ChatRequestBody
{
    public string? SessionId { get; set; }
    public int? UserId { get; set; }
    public string? Message { get; set; }
    public List<ChatMessageBody>? Messages { get; set; }
    /// <summary>Number of recommendations (default 5, 1 to 20).</summary>
    public int? K { get; set; }
}

/// <summary>One earlier message of a stateless conversation.</summary>
public sealed class ChatMessageBody
{
    /// <summary>"user" or "assistant".</summary>
    public string? Role { get; set; }
    public string? Content { get; set; }
}

/// <summary>POST /feedback.</summary>
public sealed class FeedbackBody
{
    public string? SessionId { get; set; }
    public int? UserId { get; set; }
    public int? MovieId { get; set; }
    /// <summary>"liked", "disliked", "watched" or "rating".</summary>
    public string? Signal { get; set; }
    /// <summary>Required with signal "rating" (0.5 to 5).</summary>
    public float? Rating { get; set; }
}

/// <summary>The answer to POST /feedback.</summary>
public sealed record FeedbackRecorded(int MovieId, string Signal, float? Rating);

/// <summary>One text chunk of a streamed reply (SSE event "delta").</summary>
public sealed record ChatDelta(string Text);

/// <summary>GET /health.</summary>
public sealed record HealthStatus(string Status, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>POST /users/{id}/email as JSON.</summary>
public sealed record EmailMessage(int UserId, string Subject, string Markdown, string Html, string PlainText, string Responder);
