namespace MovieRec.Agent.Email;

/// <summary>Progress of a batch after each user: how many are done, and how this one went.</summary>
public sealed record EmailBatchProgress(int Completed, int Total, string UserId, bool Succeeded, string? Error);

public sealed record EmailSent(string UserId, EmailReceipt Receipt);

public sealed record EmailFailure(string UserId, string Reason, Exception Exception);

/// <summary>What a batch did: one entry per user, in input order.</summary>
public sealed record EmailBatchSummary(IReadOnlyList<EmailSent> Sent, IReadOnlyList<EmailFailure> Failed)
{
    public int Total => Sent.Count + Failed.Count;
}

/// <summary>
/// Sends (or writes) one message per user, one after another. A failure for one user (composing or delivering) is
/// recorded and reported and the batch goes on; only cancellation stops it.
/// </summary>
public sealed class EmailBatchSender(IEmailSender sender)
{
    /// <summary>Sends ready-made messages; each is identified by <see cref="EmailMessage.Key"/>.</summary>
    public Task<EmailBatchSummary> SendAsync(IReadOnlyList<EmailMessage> messages, IProgress<EmailBatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var next = 0; // the batch runs in order, so the n-th compose call is for the n-th message
        return SendAsync(messages.Select(m => m.Key).ToList(), (_, _) => Task.FromResult(messages[next++]), progress, cancellationToken);
    }

    /// <summary>Composes each user's message with <paramref name="compose"/> (e.g. their recommendations), then sends it.</summary>
    public async Task<EmailBatchSummary> SendAsync(IReadOnlyList<string> userIds, Func<string, CancellationToken, Task<EmailMessage>> compose,
        IProgress<EmailBatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sent = new List<EmailSent>();
        var failed = new List<EmailFailure>();
        foreach (var userId in userIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? error = null;
            try
            {
                var message = await compose(userId, cancellationToken);
                sent.Add(new EmailSent(userId, await sender.SendAsync(message, cancellationToken)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                error = e.Message;
                failed.Add(new EmailFailure(userId, e.Message, e));
            }
            progress?.Report(new EmailBatchProgress(sent.Count + failed.Count, userIds.Count, userId, error is null, error));
        }
        return new EmailBatchSummary(sent, failed);
    }
}
