using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// upstream's nodeHealthMap: when this controller last saw each node's kubelet alive, on the
/// controller's own clock. A heartbeat counts when the Ready condition's lastHeartbeatTime or the
/// Lease's renewTime changes from what was seen before; the timestamps' values are never compared
/// with the clock, so a kubelet whose clock is off is judged by when its writes arrive.
/// </summary>
internal sealed class NodeHealthTracker(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Seen> _nodes = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes in the node's status and lease as they are now; returns when the kubelet was last seen
    /// alive. A node seen for the first time counts as alive now, unless it never posted a Ready
    /// condition: then it counts from its creation, so the startup grace period is not extended.
    /// </summary>
    public DateTimeOffset Observe(V1Node node, V1Lease? lease)
    {
        var now = time.GetUtcNow();
        var ready = NodeConditions.Find(node.Status, NodeConditions.Ready);
        lock (_lock)
        {
            if (!_nodes.TryGetValue(node.Metadata.Name, out var seen))
            {
                var since = ready is null && node.Metadata.CreationTimestamp is { } created ? Timestamps.Utc(created) : now;
                seen = new Seen { ProbedAt = since, HasReady = ready is not null, Heartbeat = ready?.LastHeartbeatTime };
                _nodes[node.Metadata.Name] = seen;
            }
            else if (seen.HasReady != (ready is not null) || (ready is not null && seen.Heartbeat != ready.LastHeartbeatTime))
            {
                // A new heartbeat, or the Ready condition appeared or vanished: either way the kubelet (or someone) wrote.
                seen.ProbedAt = now;
                seen.HasReady = ready is not null;
                seen.Heartbeat = ready?.LastHeartbeatTime;
            }

            // Renewals are compared by order, as upstream does, so an older lease from a stale cache is not a heartbeat.
            if (lease?.Spec?.RenewTime is { } renewed && (seen.Renewed is not { } before || before < renewed))
            {
                seen.Renewed = renewed;
                seen.ProbedAt = now;
            }

            return seen.ProbedAt;
        }
    }

    /// <summary>Remembers the Ready condition the controller itself wrote, so seeing it later is not taken for a heartbeat.</summary>
    public void Wrote(string node, V1NodeCondition? ready)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(node, out var seen))
            {
                seen.HasReady = ready is not null;
                seen.Heartbeat = ready?.LastHeartbeatTime;
            }
        }
    }

    /// <summary>Leaving full disruption: every node gets a fresh grace period, as the silence was most likely the controller's own network.</summary>
    public void ResetAll()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var seen in _nodes.Values)
            {
                seen.ProbedAt = now;
            }
        }
    }

    public void Forget(string node)
    {
        lock (_lock)
        {
            _nodes.Remove(node);
        }
    }

    private sealed class Seen
    {
        public DateTimeOffset ProbedAt { get; set; }

        public bool HasReady { get; set; }

        public DateTime? Heartbeat { get; set; }

        public DateTime? Renewed { get; set; }
    }
}
