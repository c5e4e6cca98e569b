using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (port 0) for probe tests: it reads each request's head, keeps
/// it, and writes the raw response its handler returns (null: never answer), then closes the connection.
/// </summary>
internal sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _respond;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public TinyHttpServer(Func<string, string?> respond)
    {
        _respond = respond;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The heads of the requests received (request line and headers), in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>A raw response with a Content-Length and Connection: close.</summary>
    public static string Response(int status, string body = "", params (string Name, string Value)[] headers)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Status\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return text.Append("\r\n").Append(body).ToString();
    }

    /// <summary>The request line of a request head: <c>GET /path HTTP/1.1</c>.</summary>
    public static string RequestLine(string head) => head[..head.IndexOf('\r', StringComparison.Ordinal)];

    /// <summary>The header lines of a request head.</summary>
    public static string[] HeaderLines(string head) => head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                Requests.Enqueue(head);
                var response = _respond(head);
                if (response is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _stopping.Token);
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stopping.Token);
            }
            catch (Exception error) when (error is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The prober hung up (it reads at most 10 KiB) or the server is stopping.
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, _stopping.Token) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
