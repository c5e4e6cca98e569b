using System.Globalization;
using k8s.Models;

namespace KubeSharp.Bench;

/// <summary>
/// The pods and nodes of the scheduler benchmark, after upstream's scheduler_perf templates:
/// nodes with 4 cpu, 32 GiB and 110 pods in 3 zones; pods requesting 100m cpu and 500 MiB.
/// </summary>
internal static class SchedulerWorkloads
{
    public const string Namespace = "sched-bench";

    public static V1Node Node(int index)
    {
        var name = $"sim-node-{index.ToString(CultureInfo.InvariantCulture)}";
        var allocatable = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("4"),
            ["memory"] = new("32Gi"),
            ["pods"] = new("110"),
        };
        return new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/hostname"] = name,
                    ["topology.kubernetes.io/zone"] = $"zone-{(char)('a' + (index % 3))}",
                },
            },
            Status = new V1NodeStatus { Allocatable = allocatable, Capacity = allocatable },
        };
    }

    /// <summary>scheduler_perf's pod-default: requests only.</summary>
    public static V1Pod Basic(int index) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"basic-{index.ToString(CultureInfo.InvariantCulture)}", NamespaceProperty = Namespace, Uid = Guid.NewGuid().ToString() },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "pause",
                    Image = "registry.k8s.io/pause:3.10",
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("500Mi") },
                    },
                },
            ],
        },
    };

    /// <summary>
    /// Spread across zones (maxSkew 1, DoNotSchedule) and, within one of 50 apps, at most one pod
    /// per node (required anti-affinity on the hostname).
    /// </summary>
    public static V1Pod Spread(int index)
    {
        var pod = Basic(index);
        var app = $"app-{(index % 50).ToString(CultureInfo.InvariantCulture)}";
        pod.Metadata.Name = $"spread-{index.ToString(CultureInfo.InvariantCulture)}";
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = app };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } };
        pod.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "topology.kubernetes.io/zone", WhenUnsatisfiable = "DoNotSchedule", LabelSelector = selector },
        ];
        pod.Spec.Affinity = new V1Affinity
        {
            PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = [new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = selector }],
            },
        };
        return pod;
    }
}
