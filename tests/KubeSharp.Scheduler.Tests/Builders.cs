using k8s.Models;

namespace KubeSharp.Scheduler.Tests;

/// <summary>Terse pods and nodes for table tests (upstream's st.MakePod()/MakeNode() in spirit).</summary>
internal static class Builders
{
    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false)
    {
        var allocatable = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpu),
            ["memory"] = new(memory),
            ["pods"] = new(pods),
            ["ephemeral-storage"] = new("100Gi"),
        };
        var nodeLabels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { ["kubernetes.io/hostname"] = name };
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Uid = "node-" + name, Labels = nodeLabels },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable },
            Status = new V1NodeStatus { Allocatable = allocatable, Capacity = allocatable },
        };
    }

    public static V1Pod Pod(string name, string? node = null, string? cpu = null, string? memory = null, IDictionary<string, string>? labels = null, string ns = "default", int? priority = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + ns + "-" + name, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
            Spec = new V1PodSpec
            {
                NodeName = node,
                Priority = priority,
                Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
        };
    }

    public static Dictionary<string, string> Labels(params string[] pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }
}
