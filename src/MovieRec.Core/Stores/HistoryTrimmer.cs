namespace MovieRec.Core.Stores;

/// <summary>Keeps a chat history inside a token budget for a prompt.</summary>
public static class HistoryTrimmer
{
    /// <summary>
    /// Approximate tokens of a message: characters / 4 (rounded up) of its content, at least 1. The payload is our
    /// own state (the offline assistant's last picks), never sent to a model, so it takes no budget.
    /// </summary>
    public static int EstimateTokens(SessionMessage message) => Math.Max(1, (message.Content.Length + 3) / 4);

    /// <summary>
    /// The newest messages whose estimated tokens add up to at most <paramref name="maxTokens"/>, in their original order.
    /// Messages are never split, and the kept ones are contiguous: trimming stops at the first message that does not fit.
    /// </summary>
    public static IReadOnlyList<SessionMessage> TrimToTokenBudget(IReadOnlyList<SessionMessage> messages, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        var used = 0;
        var start = messages.Count;
        while (start > 0)
        {
            var cost = EstimateTokens(messages[start - 1]);
            if (used + cost > maxTokens) break;
            used += cost;
            start--;
        }
        return messages.Skip(start).ToList();
    }
}
