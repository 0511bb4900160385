using System.Net;
using System.Net.Sockets;

namespace MovieRec.Testing;

/// <summary>
/// A loopback port that refuses connections while this lives: bound but never listening, so that no test running in
/// parallel can take it (a port merely released could be handed to another test's server).
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
