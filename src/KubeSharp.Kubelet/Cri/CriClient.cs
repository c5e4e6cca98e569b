using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Cri;

/// <summary>
/// A gRPC channel to a CRI runtime (containerd) over its Unix socket, with the runtime and image
/// service clients on it. The channel connects lazily and reconnects by itself, so one instance
/// outlives runtime restarts.
/// </summary>
internal sealed class CriClient : IDisposable
{
    private const string UnixScheme = "unix://";

    // CRI responses (ListContainers, ExecSync output) can be large; containerd caps ExecSync output at 16 MB.
    private const int MaxMessageSize = 16 * 1024 * 1024;

    // The kubelet's own CRI API version string; containerd does not check it.
    private const string KubeletApiVersion = "0.1.0";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly GrpcChannel _channel;

    private CriClient(string socketPath, GrpcChannel channel)
    {
        SocketPath = socketPath;
        Endpoint = UnixScheme + socketPath;
        _channel = channel;
        Runtime = new RuntimeService.RuntimeServiceClient(channel);
        Images = new ImageService.ImageServiceClient(channel);
    }

    /// <summary>The runtime's endpoint as <c>unix:///path</c>.</summary>
    public string Endpoint { get; }

    public string SocketPath { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>A client for <c>unix:///path/to/sock</c> or a plain socket path. Nothing is dialled until the first call.</summary>
    /// <exception cref="ArgumentException">The endpoint is not a Unix socket, or its path is too long for one.</exception>
    public static CriClient Connect(string endpoint)
    {
        var path = endpoint.StartsWith(UnixScheme, StringComparison.Ordinal) ? endpoint[UnixScheme.Length..] : endpoint;
        if (path.Length == 0 || path.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{endpoint}\" is not a Unix socket endpoint (unix:///path/to/socket or a path)", nameof(endpoint));
        }

        UnixDomainSocketEndPoint endPoint;
        try
        {
            endPoint = new UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException error)
        {
            throw new ArgumentException($"the socket path \"{path}\" is too long for a Unix socket", nameof(endpoint), error);
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => ConnectAsync(endPoint, cancellationToken),
        };
        var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
        });
        return new CriClient(path, channel);
    }

    /// <summary>
    /// Calls Version until the runtime answers, pausing briefly between attempts.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>; the message names the socket and the last error.</exception>
    public async Task<VersionResponse> WaitReadyAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        var request = new VersionRequest { Version = KubeletApiVersion };
        RpcException? last = null;
        while (true)
        {
            try
            {
                return await Runtime.VersionAsync(request, cancellationToken: attempt.Token);
            }
            catch (RpcException error)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // A call cut short by the timer reports Cancelled; the error before it says more.
                if (!timer.IsCancellationRequested)
                {
                    last = error;
                }
            }

            try
            {
                await Task.Delay(RetryDelay, time, attempt.Token);
            }
            catch (OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (timer.IsCancellationRequested)
            {
                var reason = last is null ? "no answer" : $"{last.StatusCode}: {last.Status.Detail}";
                throw new TimeoutException(
                    $"the container runtime on {SocketPath} did not answer CRI Version within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({reason})",
                    last);
            }
        }
    }

    public void Dispose() => _channel.Dispose();

    private static async ValueTask<Stream> ConnectAsync(UnixDomainSocketEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
