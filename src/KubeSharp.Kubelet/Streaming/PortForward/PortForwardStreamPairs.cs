namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// Pairs a SPDY session's streams by request id (upstream's httpStreamHandler): a request is forwarded
/// once both its error and its data stream are there. Pairs leave as they complete or expire, so a
/// request id may be used again afterwards.
/// </summary>
internal sealed class PortForwardStreamPairs<TStream>
    where TStream : class
{
    private readonly Dictionary<string, PortForwardStreamPair<TStream>> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Adds a stream to its request's pair; the pair comes back in every case (for a duplicate, the one holding the first stream).</summary>
    public (StreamPairing Outcome, PortForwardStreamPair<TStream> Pair) Add(string requestId, PortForwardStreamType type, TStream stream)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(requestId, out var pair))
            {
                pair = new PortForwardStreamPair<TStream>(requestId);
                pair.Set(type, stream);
                _pending.Add(requestId, pair);
                return (StreamPairing.Pending, pair);
            }

            if (pair.Get(type) is not null)
            {
                return (StreamPairing.Duplicate, pair);
            }

            pair.Set(type, stream);
            _pending.Remove(requestId);
            return (StreamPairing.Complete, pair);
        }
    }

    /// <summary>Gives up waiting for the pair's partner: true when it was still waiting (the caller reports the time-out), false when it completed meanwhile.</summary>
    public bool Expire(PortForwardStreamPair<TStream> pair)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(pair.RequestId, out var current) && ReferenceEquals(current, pair))
            {
                _pending.Remove(pair.RequestId);
                return true;
            }

            return false;
        }
    }

    /// <summary>Requests still waiting for a stream.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }
}
