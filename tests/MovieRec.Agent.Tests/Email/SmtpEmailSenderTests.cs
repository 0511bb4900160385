using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MovieRec.Agent.Email;
using MovieRec.Testing;

namespace MovieRec.Agent.Tests.Email;

public sealed class SmtpEmailSenderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static SmtpOptions Options(int port) => new() { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(10), ClientName = "movierec.test" };

    [Fact]
    public async Task BatchOverSmtpDeliversToARealServerAndReportsTheRejectedRecipient()
    {
        await using var server = await AiosmtpdServer.StartAsync(_dir.File("inbox"));
        var sender = new SmtpEmailSender(Options(server.Port));
        List<EmailMessage> messages =
        [
            EmlFolderSenderTests.For("1", "one@example.org"),
            EmlFolderSenderTests.For("2", "reject-two@example.org"),
            EmlFolderSenderTests.For("3", "three@example.org") with { MarkdownBody = "Line one\n\n.hidden? no: a dot line\n\n**Bold** ✓" },
        ];
        var progress = new ListProgress<EmailBatchProgress>();

        var summary = await new EmailBatchSender(sender).SendAsync(messages, progress);

        Assert.Equal(["1", "3"], summary.Sent.Select(s => s.UserId));
        var failure = Assert.Single(summary.Failed);
        Assert.Equal("2", failure.UserId);
        var smtp = Assert.IsType<SmtpCommandException>(failure.Exception);
        Assert.Equal(550, smtp.ReplyCode);
        Assert.Equal("RCPT TO", smtp.Command);
        Assert.True(smtp.IsPermanent);
        Assert.Contains("Mailbox unavailable: reject-two@example.org", failure.Reason);
        Assert.Contains($"127.0.0.1:{server.Port}", failure.Reason);
        Assert.Equal([true, false, true], progress.Items.Select(p => p.Succeeded));

        var received = server.Received();
        Assert.Equal(2, received.Count);
        foreach (var sent in summary.Sent)
        {
            var (envelope, raw) = Assert.Single(received, r => r.Raw.Contains($"<{sent.Receipt.MessageId}>", StringComparison.Ordinal));
            Assert.Equal("bot@movierec.example", envelope[0]);
            var expectedTo = sent.UserId == "1" ? "one@example.org" : "three@example.org";
            Assert.Equal([expectedTo], envelope[1..]);
            var email = EmlParser.Parse(raw);
            Assert.Equal($"Picks for {sent.UserId} ✓", email.Headers["Subject"]);
            Assert.Equal(expectedTo, EmlParser.Mailbox(email.Headers["To"]).Address);
            Assert.Equal(["text/plain", "text/html"], email.Parts.Select(p => p.MediaType));
            Assert.Equal($"smtp://127.0.0.1:{server.Port}", sent.Receipt.Destination);
        }
        var third = EmlParser.Parse(Assert.Single(received, r => r.Envelope[1] == "three@example.org").Raw);
        Assert.Contains(".hidden? no: a dot line", third.Single("text/plain").Body);
        Assert.Contains("<strong>Bold</strong> ✓", third.Single("text/html").Body);
    }

    [Fact]
    public async Task AuthenticatesWithPlainCredentialsAndReportsABadPassword()
    {
        await using var server = await AiosmtpdServer.StartAsync(_dir.File("inbox"), "auth");
        var good = Options(server.Port);
        good.UserName = "movierec";
        good.Password = "secret";
        good.AllowAuthWithoutTls = true;
        await new SmtpEmailSender(good).SendAsync(EmlFolderSenderTests.For("1"));
        Assert.Single(server.Received());

        var bad = Options(server.Port);
        bad.UserName = "movierec";
        bad.Password = "wrong";
        bad.AllowAuthWithoutTls = true;
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => new SmtpEmailSender(bad).SendAsync(EmlFolderSenderTests.For("2")));
        Assert.Equal(535, e.ReplyCode);
        Assert.Equal("AUTH PLAIN", e.Command);
        Assert.DoesNotContain("wrong", e.Message); // the password is not echoed

        var anonymous = await Assert.ThrowsAsync<SmtpCommandException>(() => new SmtpEmailSender(Options(server.Port)).SendAsync(EmlFolderSenderTests.For("3")));
        Assert.Equal("MAIL FROM", anonymous.Command);
        Assert.Equal(530, anonymous.ReplyCode);
        Assert.Single(server.Received());
    }

    [Fact]
    public async Task UpgradesWithStartTlsThenAuthenticates()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = _dir.Write("cert.pem", certificate.ExportCertificatePem());
        var keyPath = _dir.Write("key.pem", rsa.ExportPkcs8PrivateKeyPem());
        await using var server = await AiosmtpdServer.StartAsync(_dir.File("inbox"), "tls", certPath, keyPath);

        var options = Options(server.Port);
        options.UseStartTls = true;
        options.UserName = "movierec";
        options.Password = "secret";
        options.CertificateValidation = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString(); // pin the test certificate
        var receipt = await new SmtpEmailSender(options).SendAsync(EmlFolderSenderTests.For("9"));
        var (_, raw) = Assert.Single(server.Received());
        Assert.Equal("Picks for 9 ✓", EmlParser.Parse(raw).Headers["Subject"]);
        Assert.Contains(receipt.MessageId, raw);

        // The self-signed certificate fails the default validation: a delivery error, not a hang or a crash.
        options.CertificateValidation = null;
        var untrusted = await Assert.ThrowsAsync<EmailDeliveryException>(() => new SmtpEmailSender(options).SendAsync(EmlFolderSenderTests.For("10")));
        Assert.Contains($"127.0.0.1:{server.Port}", untrusted.Message);

        // Without STARTTLS the server refuses to go on.
        var plain = await Assert.ThrowsAsync<SmtpCommandException>(() => new SmtpEmailSender(Options(server.Port)).SendAsync(EmlFolderSenderTests.For("11")));
        Assert.Equal(530, plain.ReplyCode);
        Assert.Single(server.Received());
    }

    [Fact]
    public async Task AnUnreachableServerIsADeliveryError()
    {
        using var closed = new ClosedPort();
        var port = closed.Port;
        var e = await Assert.ThrowsAsync<EmailDeliveryException>(() => new SmtpEmailSender(Options(port)).SendAsync(EmlFolderSenderTests.For("1")));
        Assert.Contains($"127.0.0.1:{port}", e.Message);
    }

    [Fact]
    public async Task ASilentServerTimesOut()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var options = Options(((IPEndPoint)listener.LocalEndpoint).Port);
        options.Timeout = TimeSpan.FromMilliseconds(500);
        var accept = listener.AcceptTcpClientAsync(); // accepts, never greets
        var e = await Assert.ThrowsAsync<EmailDeliveryException>(() => new SmtpEmailSender(options).SendAsync(EmlFolderSenderTests.For("1")));
        Assert.Contains("did not answer within 0.5 s", e.Message);
        (await accept).Dispose();
    }

    [Fact]
    public void CredentialsWithoutTlsAreRefusedUpFront() =>
        Assert.Throws<ArgumentException>(() => new SmtpEmailSender(new SmtpOptions { UserName = "u", Password = "p" }));

    [Fact]
    public void DotStuffingDoublesLeadingDots()
    {
        Assert.Equal("..a\r\nb\r\n..\r\n...c\r\n", SmtpEmailSender.DotStuff(".a\r\nb\r\n.\r\n..c"));
        Assert.Equal("x\r\n", SmtpEmailSender.DotStuff("x\r\n"));
    }
}
