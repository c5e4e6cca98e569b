using k8s.Models;
using KubeSharp.Client.Informers;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Simulator.Nodes;

/// <summary>
/// What the simulator learns from watching its Nodes: a pod CIDR given by node IPAM, the
/// heartbeat annotation switched on or off by a user, and a node deleted by someone else.
/// </summary>
internal sealed partial class NodeChanges : IResourceEventHandler<V1Node>
{
    private readonly IReadOnlyDictionary<string, SimulatedNode> _nodes;
    private readonly Action<SimulatedNode> _resume;
    private readonly Action<SimulatedNode> _stop;
    private readonly Action<SimulatedNode> _gone;
    private readonly ILogger _logger;

    public NodeChanges(IReadOnlyDictionary<string, SimulatedNode> nodes, Action<SimulatedNode> resume, Action<SimulatedNode> stop, Action<SimulatedNode> gone, ILogger logger)
    {
        _nodes = nodes;
        _resume = resume;
        _stop = stop;
        _gone = gone;
        _logger = logger;
    }

    public void OnAdd(V1Node item) => Observe(item);

    public void OnUpdate(V1Node old, V1Node current) => Observe(current);

    public void OnDelete(V1Node item)
    {
        // Only the Node the simulator registered counts, not an older one of the same name.
        if (item.Metadata?.Name is { } name && _nodes.TryGetValue(name, out var node) && node.Uid is { } uid && uid == item.Metadata.Uid)
        {
            _gone(node);
        }
    }

    private void Observe(V1Node item)
    {
        if (item.Metadata?.Name is not { } name || !_nodes.TryGetValue(name, out var node))
        {
            return;
        }

        node.PodCidr = item.Spec?.PodCIDR;
        var stopped = item.Metadata.Annotations is { } annotations
            && annotations.TryGetValue(SimulatorMetadata.HeartbeatAnnotation, out var value)
            && value == SimulatorMetadata.HeartbeatStopped;
        if (stopped == node.StoppedByAnnotation)
        {
            return;
        }

        node.StoppedByAnnotation = stopped;
        LogSwitched(name, stopped ? "stopped" : "resumed");
        if (stopped)
        {
            _stop(node);
        }
        else
        {
            _resume(node);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} heartbeat {State} by its annotation")]
    private partial void LogSwitched(string node, string state);
}
