using System.Text.Json;
using k8s.Models;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.NodePorts;

/// <summary>Keeps a pod off nodes where one of its host ports is taken, as upstream's NodePorts.</summary>
public sealed class NodePorts : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodePorts";

    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private const string PreFilterStateKey = "PreFilter" + PluginName;

    // Host ports are immutable, so only a deleted pod or another node can free one. Taint and label
    // updates because upstream registers them with every node-add registration.
    private static readonly ClusterEvent[] Events =
    [
        ClusterEvent.PodDelete,
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateNodeLabel),
    ];

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new NodePorts();

    /// <summary>Skip for pods without host ports: nothing to filter.</summary>
    public (PreFilterResult? Result, Status Status) PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var ports = HostPorts(pod.Pod);
        if (ports.Count == 0)
        {
            return (null, Status.Skip);
        }

        state.Write(PreFilterStateKey, new PreFilterState(ports));
        return (null, Status.Success);
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var ports = state.Read<PreFilterState>(PreFilterStateKey)?.Ports ?? HostPorts(pod.Pod);
        foreach (var port in ports)
        {
            if (nodeInfo.UsedPorts.CheckConflict(port.HostIP, port.Protocol, port.HostPort ?? 0))
            {
                return Status.Unschedulable(ErrReason);
            }
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    /// <summary>
    /// schedutil.GetHostPorts: the ports with a host port of the containers and of the restartable
    /// init containers (sidecars), which run for the pod's whole life.
    /// </summary>
    private static List<V1ContainerPort> HostPorts(V1Pod pod)
    {
        var ports = new List<V1ContainerPort>();
        var sidecars = (pod.Spec?.InitContainers ?? []).Where(container => container.RestartPolicy == "Always");
        foreach (var container in sidecars.Concat(pod.Spec?.Containers ?? []))
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    ports.Add(port);
                }
            }
        }

        return ports;
    }

    private sealed class PreFilterState(List<V1ContainerPort> ports) : ICloneableState
    {
        public List<V1ContainerPort> Ports { get; } = ports;

        public ICloneableState Clone() => this;
    }
}
