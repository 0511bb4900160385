namespace MovieRec.Agent.Email;

/// <summary>The SMTP server refused a command; carries the command and the server's reply.</summary>
public sealed class SmtpCommandException(string server, string command, int replyCode, string replyText)
    : EmailDeliveryException($"SMTP server {server} refused {command}: {replyCode} {replyText}")
{
    public string Command { get; } = command;
    public int ReplyCode { get; } = replyCode;
    public string ReplyText { get; } = replyText;
    /// <summary>5xx: retrying the same message will fail again.</summary>
    public bool IsPermanent => ReplyCode is >= 500 and < 600;
}
