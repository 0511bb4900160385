using MovieRec.Core.Stores;

namespace MovieRec.Core.Tests.Stores;

public class HistoryTrimmerTests
{
    private static SessionMessage Message(int chars, string? payload = null) => new(MessageRole.User, new string('a', chars), DateTimeOffset.UnixEpoch, payload);

    [Fact]
    public void EstimatesTokensAsCharactersOverFourRoundedUp()
    {
        Assert.Equal(1, HistoryTrimmer.EstimateTokens(Message(0)));
        Assert.Equal(1, HistoryTrimmer.EstimateTokens(Message(4)));
        Assert.Equal(2, HistoryTrimmer.EstimateTokens(Message(5)));
        Assert.Equal(1, HistoryTrimmer.EstimateTokens(Message(4, payload: "[1,2,3]"))); // the payload is never sent: not counted
    }

    [Fact]
    public void KeepsTheNewestWholeMessagesThatFit()
    {
        // tokens: 10, 5, 20, 3, 4 (oldest first)
        List<SessionMessage> history = [Message(40), Message(20), Message(80), Message(12), Message(16)];
        Assert.Equal(history[3..], HistoryTrimmer.TrimToTokenBudget(history, 7));
        Assert.Equal(history[3..], HistoryTrimmer.TrimToTokenBudget(history, 26)); // 20 more would be 27: stop, even though 5 would fit
        Assert.Equal(history[2..], HistoryTrimmer.TrimToTokenBudget(history, 27));
        Assert.Equal(history, HistoryTrimmer.TrimToTokenBudget(history, 42));
        Assert.Empty(HistoryTrimmer.TrimToTokenBudget(history, 3)); // the newest alone (4) does not fit; never split
        Assert.Equal(history[3..], new ChatSession { Id = "s", Messages = history }.HistoryWithin(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => HistoryTrimmer.TrimToTokenBudget(history, -1));
    }
}
