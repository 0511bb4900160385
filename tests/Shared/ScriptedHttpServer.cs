using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MovieRec.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers with a script, for end-to-end tests of HTTP clients
/// (OpenAI, Ollama, TMDB ...). Every request is recorded with its body.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    public sealed record RecordedRequest(string Method, string PathAndQuery, string Body, IReadOnlyDictionary<string, string> Headers);

    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, HttpListenerResponse, Task> _handler;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Uri BaseAddress { get; }

    /// <param name="handler">Writes the response for one request (status, headers, body); runs concurrently for concurrent requests.</param>
    public ScriptedHttpServer(Func<RecordedRequest, HttpListenerResponse, Task> handler)
    {
        _handler = handler;
        (_listener, BaseAddress) = StartOnFreePort();
        _loop = Task.Run(AcceptLoop);
    }

    public static async Task WriteAsync(HttpListenerResponse response, string body, string contentType = "application/json", int status = 200)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    /// <summary>Writes chunks one by one with flushes (SSE or NDJSON streaming).</summary>
    public static async Task StreamAsync(HttpListenerResponse response, IEnumerable<string> chunks, string contentType)
    {
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.SendChunked = true;
        foreach (var chunk in chunks)
        {
            var bytes = Encoding.UTF8.GetBytes(chunk);
            await response.OutputStream.WriteAsync(bytes);
            await response.OutputStream.FlushAsync();
        }
        response.Close();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, body, headers);
            Requests.Enqueue(request);
            await _handler(request, context.Response);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away (e.g. a timeout test); nothing to answer
        }
    }

    /// <summary>
    /// HttpListener cannot bind port 0, so a free port is picked first; another test may take it
    /// before the listener binds, hence a few attempts.
    /// </summary>
    private static (HttpListener Listener, Uri BaseAddress) StartOnFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseAddress.ToString());
            try
            {
                listener.Start();
                return (listener, baseAddress);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Close alone: on Unix, Stop() then Close() removes the endpoint twice, and the second
        // removal re-binds the released port (HttpListenerException "Address already in use"
        // when a parallel test has taken it meanwhile).
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _stop.Dispose();
    }
}
