using MovieRec.Agent.Email;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Email;

public sealed class EmlFolderSenderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static EmailMessage For(string userId, string to = "user@example.org") => new()
    {
        From = new EmailAddress("bot@movierec.example", "MovieRec"),
        To = new EmailAddress(to),
        Subject = $"Picks for {userId} ✓",
        MarkdownBody = $"Hello **{userId}**, watch [Heat](https://example.org/heat).",
        UserId = userId,
    };

    [Fact]
    public async Task WritesOneFilePerMessageNamedAfterTheUserAndNeverOverwrites()
    {
        var folder = Path.Combine(_dir.Path, "outbox");
        var sender = new EmlFolderSender(folder);
        var first = await sender.SendAsync(For("42"));
        Assert.Equal(Path.Combine(folder, "user-42.eml"), first.Destination);
        var firstBytes = await File.ReadAllBytesAsync(first.Destination);

        var second = await sender.SendAsync(For("42"));
        Assert.Equal(Path.Combine(folder, "user-42-2.eml"), second.Destination);
        Assert.Equal(firstBytes, await File.ReadAllBytesAsync(first.Destination));

        await File.WriteAllTextAsync(Path.Combine(folder, "user-7.eml"), "keep me");
        var third = await sender.SendAsync(For("7"));
        Assert.Equal(Path.Combine(folder, "user-7-2.eml"), third.Destination);
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(folder, "user-7.eml")));

        var email = EmlParser.Parse(await File.ReadAllTextAsync(second.Destination));
        Assert.Equal("Picks for 42 ✓", email.Headers["Subject"]);
        Assert.Equal($"<{second.MessageId}>", email.Headers["Message-ID"]);
        Assert.Contains("Hello 42, watch Heat (https://example.org/heat).", email.Single("text/plain").Body);
    }

    [Fact]
    public async Task ParallelWritesForOneUserGetDistinctFiles()
    {
        var sender = new EmlFolderSender(_dir.Path);
        var receipts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => sender.SendAsync(For("5")))));
        Assert.Equal(12, receipts.Select(r => r.Destination).Distinct().Count());
        Assert.Equal(12, Directory.GetFiles(_dir.Path, "user-5*.eml").Length);
        foreach (var receipt in receipts) // each file holds its own complete message
            Assert.Equal($"<{receipt.MessageId}>", EmlParser.Parse(await File.ReadAllTextAsync(receipt.Destination)).Headers["Message-ID"]);
    }

    [Fact]
    public async Task UnsafeUserIdsStayInsideTheFolder()
    {
        var sender = new EmlFolderSender(_dir.Path);
        var receipt = await sender.SendAsync(For("../../etc/pass wd"));
        Assert.Equal(_dir.Path, Path.GetDirectoryName(receipt.Destination));
        Assert.Equal("user-_.._etc_pass_wd.eml", Path.GetFileName(receipt.Destination));
    }

    [Fact]
    public async Task BatchReportsAFailingUserAndWritesTheOthers()
    {
        var sender = new EmlFolderSender(_dir.Path);
        var progress = new ListProgress<EmailBatchProgress>();
        var summary = await new EmailBatchSender(sender).SendAsync(["1", "2", "3"], (user, _) =>
            user == "2" ? throw new InvalidOperationException("no ratings for user 2") : Task.FromResult(For(user)), progress);

        Assert.Equal(["1", "3"], summary.Sent.Select(s => s.UserId));
        var failure = Assert.Single(summary.Failed);
        Assert.Equal("2", failure.UserId);
        Assert.Equal("no ratings for user 2", failure.Reason);
        Assert.True(File.Exists(_dir.File("user-1.eml")));
        Assert.True(File.Exists(_dir.File("user-3.eml")));
        Assert.False(File.Exists(_dir.File("user-2.eml")));
        Assert.Equal([1, 2, 3], progress.Items.Select(p => p.Completed));
        Assert.All(progress.Items, p => Assert.Equal(3, p.Total));
        Assert.Equal([true, false, true], progress.Items.Select(p => p.Succeeded));
        Assert.Equal("no ratings for user 2", progress.Items[1].Error);
    }

    [Fact]
    public async Task CancellingStopsTheBatch()
    {
        using var cts = new CancellationTokenSource();
        var batch = new EmailBatchSender(new EmlFolderSender(_dir.Path));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.SendAsync(["1", "2"], (user, _) =>
        {
            cts.Cancel();
            return Task.FromResult(For(user));
        }, null, cts.Token));
        Assert.Single(Directory.GetFiles(_dir.Path)); // the first was written, the second never started
    }
}

/// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ListProgress<T> : IProgress<T>
{
    private readonly List<T> _items = [];
    public List<T> Items { get { lock (_items) return [.. _items]; } }
    public void Report(T value) { lock (_items) _items.Add(value); }
}
