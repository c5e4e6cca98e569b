namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>What adding a stream to its request's pair did.</summary>
internal enum StreamPairing
{
    /// <summary>The request's first stream: its partner is awaited (for at most the stream creation timeout).</summary>
    Pending,

    /// <summary>The partner arrived: the pair is complete and forwarding can start.</summary>
    Complete,

    /// <summary>The request already has a stream of that type; the new one is refused.</summary>
    Duplicate,
}
