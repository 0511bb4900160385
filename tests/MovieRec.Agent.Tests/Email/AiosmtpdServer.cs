using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MovieRec.Agent.Tests.Email;

/// <summary>
/// A real SMTP server for tests: Debian's python3-aiosmtpd on 127.0.0.1 and a free port. Each accepted message is written
/// to the folder as NAME.eml (the DATA as received, dot-unstuffed) and NAME.env (MAIL FROM, then the RCPT TO addresses).
/// Recipients whose address starts with "reject" are refused with 550. Modes: "open"; "auth" (AUTH required, movierec / secret,
/// without TLS); "tls" (STARTTLS required with the given PEM certificate and key, then AUTH).
/// </summary>
internal sealed class AiosmtpdServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import os, ssl, sys, uuid
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        out_dir, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith('reject'):
                    return '550 5.1.1 Mailbox unavailable: ' + address
                envelope.rcpt_tos.append(address)
                return '250 OK'

            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(out_dir, uuid.uuid4().hex)
                with open(name + '.env', 'w') as f:
                    f.write('\n'.join([envelope.mail_from] + envelope.rcpt_tos))
                with open(name + '.tmp', 'wb') as f:
                    f.write(envelope.original_content)
                os.rename(name + '.tmp', name + '.eml')
                return '250 2.0.0 Message accepted for delivery'

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b'movierec' and auth_data.password == b'secret'
            return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 itself

        kwargs = {}
        if mode == 'auth':
            kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        if mode == 'tls':  # STARTTLS required, then AUTH (over TLS only)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(sys.argv[4], sys.argv[5])
            kwargs = dict(tls_context=context, require_starttls=True, authenticator=authenticator, auth_required=True)
        controller = Controller(Handler(), hostname='127.0.0.1', port=port, **kwargs)
        controller.start()
        print('READY', flush=True)
        sys.stdin.read()  # until the test closes stdin
        controller.stop()
        """;

    private readonly Process _process;

    private AiosmtpdServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public string Folder { get; }

    public static async Task<AiosmtpdServer> StartAsync(string folder, string mode = "open", params string[] extraArgs)
    {
        EnsureAiosmtpd();
        Directory.CreateDirectory(folder);
        var scriptPath = Path.Combine(folder, "..", $"smtpd-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(scriptPath, Script);
        var port = FreePort();
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[ scriptPath, folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture), mode, .. extraArgs ])
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try { line = await process.StandardOutput.ReadLineAsync(timeout.Token); }
        catch (OperationCanceledException) { line = null; }
        if (line != "READY")
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"aiosmtpd did not start on port {port}: {line} {await stderr}");
        }
        return new AiosmtpdServer(process, port, folder);
    }

    /// <summary>The messages received so far, as (envelope lines, raw message text).</summary>
    public List<(string[] Envelope, string Raw)> Received() => Directory.GetFiles(Folder, "*.eml")
        .Select(eml => (File.ReadAllLines(Path.ChangeExtension(eml, ".env")), File.ReadAllText(eml)))
        .ToList();

    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void EnsureAiosmtpd()
    {
        const string Fix = "The SMTP tests need Debian's aiosmtpd for /usr/bin/python3: run `apt-get install -y python3-aiosmtpd` (CI's .ci/run installs it).";
        if (!File.Exists(Python)) throw new InvalidOperationException($"{Python} not found. {Fix}");
        using var check = Process.Start(new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = check.StandardError.ReadToEnd();
        check.WaitForExit();
        if (check.ExitCode != 0) throw new InvalidOperationException($"{Python} cannot import aiosmtpd ({error.Trim()}). {Fix}");
    }
}
