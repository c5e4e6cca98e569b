using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Proxy.Http;

/// <summary>
/// A minimal HTTP/1.1 server for health checks and metrics: it reads the request line and the
/// headers up to the blank line, writes one response from the handler (given method and path),
/// and closes the connection. Request bodies are not read.
/// </summary>
internal sealed partial class HttpResponder : IAsyncDisposable
{
    private const int MaxRequestHeadBytes = 16 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly TcpListener _listener;
    private readonly Func<string, string, HttpReply> _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private HttpResponder(TcpListener listener, Func<string, string, HttpReply> handler, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _handler = handler;
        _time = time;
        _logger = logger;
        _accepting = AcceptAsync();
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Listens on the endpoint (port 0: any free port) and serves until disposed.</summary>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="handler">Gives the response for a method and path (the request target without its query).</param>
    /// <param name="time">Times the read of each request.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <exception cref="SocketException">The address cannot be listened on (e.g. in use).</exception>
    public static HttpResponder Start(IPEndPoint endpoint, Func<string, string, HttpReply> handler, TimeProvider time, ILogger logger)
    {
        var listener = new TcpListener(endpoint);
        try
        {
            listener.Start();
        }
        catch
        {
            listener.Stop();
            throw;
        }

        return new HttpResponder(listener, handler, time, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        // Runs the loop off the caller's thread.
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException error)
            {
                LogAcceptFailed(LocalEndpoint.ToString(), error.Message);
                await Task.Delay(AcceptRetryDelay, _time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(ReadTimeout, _time);
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
                var stream = client.GetStream();
                if (await ReadRequestLineAsync(stream, cancel.Token) is not { } request)
                {
                    await WriteAsync(stream, "GET", new HttpReply(400, "text/plain; charset=utf-8", "400 Bad Request\n"), cancel.Token);
                    return;
                }

                await WriteAsync(stream, request.Method, _handler(request.Method, request.Path), cancel.Token);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or was too slow; nothing to answer.
            }
            catch (Exception error)
            {
                LogServeFailed(LocalEndpoint.ToString(), error.Message);
            }
        }
    }

    /// <summary>Reads up to the blank line after the headers; null when that is not an HTTP request.</summary>
    private static async Task<(string Method, string Path)?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return null;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (EndOfHead(buffer.AsSpan(0, length)))
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var lineEnd = head.IndexOf('\n', StringComparison.Ordinal);
        var parts = head[..lineEnd].TrimEnd('\r').Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/", StringComparison.Ordinal) || parts[0].Length == 0)
        {
            return null;
        }

        var target = parts[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query < 0 ? target : target[..query]);
    }

    private static bool EndOfHead(ReadOnlySpan<byte> received) =>
        received.IndexOf("\r\n\r\n"u8) >= 0 || received.IndexOf("\n\n"u8) >= 0;

    private static async Task WriteAsync(NetworkStream stream, string method, HttpReply reply, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(reply.Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} {ReasonPhrase(reply.Status)}\r\n")
            .Append("Content-Type: ").Append(reply.ContentType).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in reply.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        if (method != "HEAD")
        {
            await stream.WriteAsync(body, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "kube-proxy: accepting a connection on {Endpoint} failed: {Reason}")]
    private partial void LogAcceptFailed(string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "kube-proxy: answering a request on {Endpoint} failed: {Reason}")]
    private partial void LogServeFailed(string endpoint, string reason);
}
