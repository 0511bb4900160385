namespace MovieRec.Agent.Email;

/// <summary>Where a message went: its Message-ID and the file written or the server that accepted it.</summary>
public sealed record EmailReceipt(string MessageId, string Destination);

/// <summary>Delivers one message (to an SMTP server, or into a folder of .eml files). Failures throw <see cref="EmailDeliveryException"/>.</summary>
public interface IEmailSender
{
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>A message could not be delivered; the message says why (for SMTP, with the server's reply).</summary>
public class EmailDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
