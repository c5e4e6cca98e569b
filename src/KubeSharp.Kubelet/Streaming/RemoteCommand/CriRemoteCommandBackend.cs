using Grpc.Core;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Server;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>
/// Exec and attach through the CRI: Exec or Attach returns a URL on the runtime's streaming server
/// (containerd serves it on 127.0.0.1), which the kubelet connects to as a v4 SPDY client.
/// </summary>
internal sealed class CriRemoteCommandBackend(IPodStreamingSource source, TimeProvider time, ILogger logger) : IRemoteCommandBackend
{
    // The kubelet's runtime request timeout.
    private static readonly TimeSpan RuntimeRequestTimeout = TimeSpan.FromMinutes(2);

    public async Task<string> PrepareAsync(RemoteCommandRequest request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RuntimeRequestTimeout, time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var streams = request.Streams;
        try
        {
            if (request.Command is { } command)
            {
                var exec = await source.Cri.Runtime.ExecAsync(
                    new ExecRequest
                    {
                        ContainerId = request.ContainerId,
                        Cmd = { command },
                        Tty = streams.Tty,
                        Stdin = streams.Stdin,
                        Stdout = streams.Stdout,
                        Stderr = streams.Stderr,
                    },
                    cancellationToken: call.Token);
                return exec.Url;
            }

            var attach = await source.Cri.Runtime.AttachAsync(
                new AttachRequest
                {
                    ContainerId = request.ContainerId,
                    Tty = streams.Tty,
                    Stdin = streams.Stdin,
                    Stdout = streams.Stdout,
                    Stderr = streams.Stderr,
                },
                cancellationToken: call.Token);
            return attach.Url;
        }
        catch (RpcException error)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw RemoteCommandException.FromRpc(error);
        }
    }

    public async Task<IRemoteCommandSession> ConnectAsync(string url, RemoteCommandRequest request, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var location))
        {
            throw new IOException($"the runtime's streaming URL \"{url}\" is not an absolute URL");
        }

        var transport = await SpdyUpgradeDialer.DialAsync(location, RemoteCommandProtocols.V4, time, cancellationToken);
        try
        {
            return await SpdyRemoteCommandSession.OpenAsync(transport, request.Streams, time, logger, cancellationToken);
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }
}
