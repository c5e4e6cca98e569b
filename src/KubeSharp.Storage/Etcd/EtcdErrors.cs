using System.Net.Sockets;
using Grpc.Core;

namespace KubeSharp.Storage.Etcd;

/// <summary>What an etcd failure means for the caller: whether the request can have been applied.</summary>
internal static class EtcdErrors
{
    public static bool IsCompacted(RpcException error) =>
        error.StatusCode == StatusCode.OutOfRange && error.Status.Detail.Contains("compacted", StringComparison.Ordinal);

    public static bool IsFutureRevision(RpcException error) =>
        error.StatusCode == StatusCode.OutOfRange && error.Status.Detail.Contains("future revision", StringComparison.Ordinal);

    /// <summary>The member or the cluster failed; another member (or a later try) may answer.</summary>
    public static bool IsTransient(RpcException error) => error.StatusCode is
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled;

    /// <summary>
    /// The request certainly never reached the cluster's log: the connection was refused, or the
    /// member said it has no leader before proposing anything. Only then may a write be retried.
    /// </summary>
    public static bool NotApplied(RpcException error)
    {
        if (error.StatusCode == StatusCode.Unavailable && error.Status.Detail.Contains("no leader", StringComparison.Ordinal))
        {
            return true;
        }

        for (Exception? inner = error.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }

        return false;
    }
}
