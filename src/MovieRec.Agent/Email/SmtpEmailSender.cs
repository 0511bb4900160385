using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace MovieRec.Agent.Email;

/// <summary>
/// A small SMTP client (RFC 5321) over TcpClient: EHLO (HELO fallback), optional STARTTLS and AUTH PLAIN, MAIL FROM,
/// RCPT TO, DATA with dot-stuffing, QUIT. One connection per message. We write it ourselves because MailKit is not
/// available and System.Net.Mail.SmtpClient is not recommended for new code (and would re-encode our MIME).
/// </summary>
public sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions _options;
    private readonly MimeMessageWriter _writer;

    public SmtpEmailSender(SmtpOptions options, MimeMessageWriter? writer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        if (options.UserName is not null && !options.UseStartTls && !options.AllowAuthWithoutTls)
            throw new ArgumentException("SMTP credentials are only sent over TLS: set UseStartTls (or AllowAuthWithoutTls for a local test server).");
        _options = options;
        _writer = writer ?? new MimeMessageWriter();
    }

    public SmtpEmailSender(IOptions<SmtpOptions> options) : this(options.Value) { }

    private string Server => $"{_options.Host}:{_options.Port}";

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var document = _writer.Write(message);
        using var client = new TcpClient();
        try
        {
            using (var connect = Timeout(cancellationToken))
                await client.ConnectAsync(_options.Host, _options.Port, connect.Token);
            await using var session = new Session(this, client.GetStream(), cancellationToken);
            await session.ExpectAsync("the greeting", 220);
            await HelloAsync(session);
            if (_options.UseStartTls)
            {
                await session.CommandAsync("STARTTLS", 220);
                await session.UpgradeToTlsAsync();
                await HelloAsync(session);
            }
            if (_options.UserName is not null)
            {
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{_options.UserName}\0{_options.Password}"));
                await session.CommandAsync("AUTH PLAIN " + token, [235], display: "AUTH PLAIN");
            }
            try
            {
                await session.CommandAsync($"MAIL FROM:<{message.From.Address}>", 250);
                await session.CommandAsync($"RCPT TO:<{message.To.Address}>", 250, 251);
                await session.CommandAsync("DATA", 354);
                await session.WriteRawAsync(DotStuff(document.Text) + ".\r\n");
                await session.ExpectAsync("the message data", 250);
            }
            catch (SmtpCommandException)
            {
                await session.QuitAsync(); // a refusal leaves the conversation healthy: end it politely
                throw;
            }
            await session.QuitAsync();
            return new EmailReceipt(document.MessageId, "smtp://" + Server);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeliveryException($"SMTP server {Server} did not answer within {_options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new EmailDeliveryException($"SMTP conversation with {Server} failed: {e.Message}", e);
        }
    }

    private async Task HelloAsync(Session session)
    {
        var name = _options.ClientName ?? SafeHostName();
        var reply = await session.SendAsync("EHLO " + name);
        if (reply.Code == 250) return;
        await session.CommandAsync("HELO " + name, 250);
    }

    /// <summary>Lines starting with '.' get another '.' (RFC 5321 4.5.2); the text ends with CRLF.</summary>
    internal static string DotStuff(string text)
    {
        var stuffed = text.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        if (stuffed.StartsWith('.')) stuffed = "." + stuffed;
        return stuffed.EndsWith("\r\n", StringComparison.Ordinal) ? stuffed : stuffed + "\r\n";
    }

    private static string SafeHostName()
    {
        try
        {
            var name = System.Net.Dns.GetHostName();
            return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? name : "localhost";
        }
        catch (SocketException) { return "localhost"; }
    }

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_options.Timeout);
        return cts;
    }

    private readonly record struct Reply(int Code, string Text);

    /// <summary>One SMTP conversation: writes commands, reads (multi-line) replies, each within the timeout.</summary>
    private sealed class Session(SmtpEmailSender owner, Stream stream, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private Stream _stream = stream;
        private StreamReader _reader = new(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        public async Task<Reply> SendAsync(string command)
        {
            await WriteRawAsync(command + "\r\n");
            return await ReadReplyAsync();
        }

        public Task CommandAsync(string command, params int[] expected) => CommandAsync(command, expected, display: null);

        public async Task CommandAsync(string command, int[] expected, string? display)
        {
            var reply = await SendAsync(command);
            if (!expected.Contains(reply.Code)) throw Refused(display ?? Verb(command), reply);
        }

        public async Task ExpectAsync(string what, int code)
        {
            var reply = await ReadReplyAsync();
            if (reply.Code != code) throw Refused(what, reply);
        }

        public async Task WriteRawAsync(string text)
        {
            using var timeout = owner.Timeout(cancellationToken);
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), timeout.Token);
            await _stream.FlushAsync(timeout.Token);
        }

        public async Task UpgradeToTlsAsync()
        {
            var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, owner._options.CertificateValidation);
            using var timeout = owner.Timeout(cancellationToken);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = owner._options.Host }, timeout.Token);
            _reader.Dispose();
            _stream = ssl;
            _reader = new StreamReader(ssl, Encoding.ASCII, false, 1024, leaveOpen: true);
        }

        public async Task QuitAsync()
        {
            try { await SendAsync("QUIT"); }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EmailDeliveryException) { } // the message is already accepted
        }

        public async ValueTask DisposeAsync()
        {
            _reader.Dispose();
            await _stream.DisposeAsync();
        }

        private async Task<Reply> ReadReplyAsync()
        {
            using var timeout = owner.Timeout(cancellationToken);
            var text = new StringBuilder();
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token)
                           ?? throw new EmailDeliveryException($"SMTP server {owner.Server} closed the connection.");
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
                    throw new EmailDeliveryException($"SMTP server {owner.Server} sent an invalid reply: '{line}'.");
                if (text.Length > 0) text.Append(' ');
                text.Append(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] != '-') return new Reply(code, text.ToString());
            }
        }

        private SmtpCommandException Refused(string what, Reply reply) => new(owner.Server, what, reply.Code, reply.Text);

        private static string Verb(string command) =>
            command.StartsWith("MAIL FROM", StringComparison.Ordinal) ? "MAIL FROM" :
            command.StartsWith("RCPT TO", StringComparison.Ordinal) ? "RCPT TO" : command.Split(' ')[0];
    }
}
