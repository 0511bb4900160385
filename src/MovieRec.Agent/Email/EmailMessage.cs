namespace MovieRec.Agent.Email;

/// <summary>An email with a Markdown body; rendered to HTML and plain text by <see cref="MimeMessageWriter"/>.</summary>
public sealed record EmailMessage
{
    public required EmailAddress From { get; init; }
    public required EmailAddress To { get; init; }
    public required string Subject { get; init; }
    public required string MarkdownBody { get; init; }

    /// <summary>Whose message this is (names the .eml file, identifies the user in batch summaries). Defaults to the recipient's address.</summary>
    public string? UserId { get; init; }

    /// <summary>The Date header; the writer's clock when null.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The Message-ID without angle brackets; generated when null.</summary>
    public string? MessageId { get; init; }

    public string Key => UserId ?? To.Address;
}
