namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>The error and data streams of one forwarded connection, as they arrive.</summary>
internal sealed class PortForwardStreamPair<TStream>(string requestId)
    where TStream : class
{
    public string RequestId { get; } = requestId;

    public TStream? Error { get; private set; }

    public TStream? Data { get; private set; }

    public TStream? Get(PortForwardStreamType type) => type == PortForwardStreamType.Error ? Error : Data;

    public void Set(PortForwardStreamType type, TStream stream)
    {
        if (type == PortForwardStreamType.Error)
        {
            Error = stream;
        }
        else
        {
            Data = stream;
        }
    }
}
