using Grpc.Core;

namespace KubeSharp.Kubelet.Streaming.RemoteCommand;

/// <summary>A session refused before any stream exists; <see cref="Status"/> is the answer, with its HTTP code.</summary>
internal sealed class RemoteCommandException(RemoteCommandStatus status) : Exception(status.Message)
{
    public RemoteCommandStatus Status { get; } = status;

    /// <summary>
    /// A runtime's gRPC error as upstream's kubelet answers it (streaming.WriteError): 404 for
    /// NotFound, 429 for ResourceExhausted, 500 otherwise, with Go's text of the error.
    /// </summary>
    public static RemoteCommandException FromRpc(RpcException error)
    {
        var code = error.StatusCode switch
        {
            StatusCode.NotFound => 404,
            StatusCode.ResourceExhausted => 429,
            _ => 500,
        };
        var name = error.StatusCode == StatusCode.Cancelled ? "Canceled" : error.StatusCode.ToString();
        return new RemoteCommandException(RemoteCommandStatus.Failure(code, $"rpc error: code = {name} desc = {error.Status.Detail}"));
    }
}
