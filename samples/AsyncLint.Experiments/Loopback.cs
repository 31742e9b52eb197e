using System.Net;
using System.Net.Sockets;

namespace AsyncLint.Experiments;

/// <summary>Connected TCP sockets on 127.0.0.1, for experiments that need a real socket to wait on.</summary>
public static class Loopback
{
    public static async Task<(Socket Client, Socket Server)> SocketPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accept);
    }
}
