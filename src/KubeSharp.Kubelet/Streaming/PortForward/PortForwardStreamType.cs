namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>The two SPDY streams a client opens per forwarded connection (header <c>streamType</c>).</summary>
internal enum PortForwardStreamType
{
    /// <summary>The server writes why forwarding failed, then closes it.</summary>
    Error,

    /// <summary>The connection's bytes, both ways.</summary>
    Data,
}
