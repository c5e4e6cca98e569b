using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// Connects to a CRI streaming server URL the way client-go's SPDY round tripper does: a POST with
/// <c>Connection: Upgrade</c>, <c>Upgrade: SPDY/3.1</c> and the stream protocol version, answered with
/// 101 Switching Protocols; from then on the connection carries SPDY frames.
/// </summary>
internal static class SpdyUpgradeDialer
{
    private const int MaxHeadBytes = 16 * 1024;

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The upgraded connection to the URL (plain HTTP, as containerd's streaming server serves it by default).</summary>
    /// <exception cref="IOException">The server refused the upgrade (with its answer in the message) or broke the exchange.</exception>
    /// <exception cref="TimeoutException">No answer within 30 seconds.</exception>
    public static async Task<Stream> DialAsync(Uri url, string protocol, TimeProvider time, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new IOException($"the runtime's streaming server is at {url}; only plain http streaming servers are supported");
        }

        using var timeout = new CancellationTokenSource(HandshakeTimeout, time);
        using var dialing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? connection = null;
        try
        {
            await socket.ConnectAsync(url.DnsSafeHost, url.Port, dialing.Token);
            connection = new NetworkStream(socket, ownsSocket: true);
            return await HandshakeAsync(connection, url, protocol, dialing.Token);
        }
        catch (Exception error)
        {
            if (connection is null)
            {
                socket.Dispose();
            }
            else
            {
                await connection.DisposeAsync();
            }

            if (error is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the runtime's streaming server at {url.Authority} did not answer within {HandshakeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", error);
            }

            throw;
        }
    }

    /// <summary>The upgrade exchange on a connected stream; returns the stream to speak SPDY on (with any bytes read past the response head).</summary>
    internal static async Task<Stream> HandshakeAsync(Stream connection, Uri url, string protocol, CancellationToken cancellationToken)
    {
        var request =
            $"POST {url.PathAndQuery} HTTP/1.1\r\n" +
            $"Host: {url.Authority}\r\n" +
            "Content-Length: 0\r\n" +
            "Connection: Upgrade\r\n" +
            $"Upgrade: {RemoteCommandProtocols.SpdyUpgrade}\r\n" +
            $"{RemoteCommandProtocols.VersionHeader}: {protocol}\r\n" +
            "\r\n";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        await connection.FlushAsync(cancellationToken);

        var head = new byte[MaxHeadBytes];
        var filled = 0;
        int end;
        while ((end = head.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == head.Length)
            {
                throw new IOException($"the runtime's streaming server sent a response head of more than {MaxHeadBytes} bytes");
            }

            var read = await connection.ReadAsync(head.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                throw new IOException("the runtime's streaming server closed the connection before answering the upgrade");
            }

            filled += read;
        }

        var lines = Encoding.Latin1.GetString(head, 0, end).Split("\r\n");
        var statusCode = StatusCode(lines[0]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var rest = head.AsMemory(end + 4, filled - end - 4);
        if (statusCode != 101)
        {
            // client-go's wording, with the body the server sent along (it is short: an error's text).
            var body = headers.TryGetValue("Content-Length", out var length)
                && int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && size <= MaxHeadBytes
                    ? await ReadBodyAsync(connection, rest, size, cancellationToken)
                    : rest;
            throw new IOException($"unable to upgrade connection: {Encoding.UTF8.GetString(body.Span).Trim()}");
        }

        if (!headers.TryGetValue(RemoteCommandProtocols.VersionHeader, out var chosen) || chosen != protocol)
        {
            throw new IOException($"the runtime's streaming server chose stream protocol \"{chosen}\" instead of {protocol}");
        }

        return rest.IsEmpty ? connection : new PrefixedStream(rest.ToArray(), connection);
    }

    private static int StatusCode(string statusLine)
    {
        // "HTTP/1.1 101 Switching Protocols"
        var parts = statusLine.Split(' ', 3);
        return parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                ? code
                : throw new IOException($"the runtime's streaming server answered \"{statusLine}\", which is not HTTP");
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(Stream connection, ReadOnlyMemory<byte> start, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var filled = Math.Min(start.Length, length);
        start.Span[..filled].CopyTo(body);
        while (filled < length)
        {
            var read = await connection.ReadAsync(body.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return body.AsMemory(0, filled);
    }
}
