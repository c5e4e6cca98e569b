using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeSharp.Simulator.Nodes;

/// <summary>
/// The objects and patches a simulated kubelet writes: its Node (labels, capacity, conditions,
/// addresses, nodeInfo), heartbeat status patches, and its Lease in kube-node-lease.
/// </summary>
internal static class NodeObjects
{
    public const string KubeletVersion = "v1.32.0-kubesharp-sim";
    public const string ContainerRuntimeVersion = "sim://1.0";
    public const int KubeletPort = 10250;

    public static string Zone(int index, int zones) => "zone-" + (char)('a' + (index % zones));

    public static V1Node Node(SimulatorOptions options, SimulatedNode node, DateTimeOffset now) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = node.Name, Labels = Labels(options, node) },
        Spec = new V1NodeSpec { Taints = options.Taints.Count > 0 ? [.. options.Taints.Select(Copy)] : null },
        Status = Status(options, node, now),
    };

    public static Dictionary<string, string> Labels(SimulatorOptions options, SimulatedNode node)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["topology.kubernetes.io/zone"] = Zone(node.Index, options.Zones),
            ["topology.kubernetes.io/region"] = "sim",
            ["node.kubernetes.io/instance-type"] = "simulated",
            [SimulatorMetadata.SimulatedLabel] = "true",
        };
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        return labels;
    }

    public static V1NodeStatus Status(SimulatorOptions options, SimulatedNode node, DateTimeOffset now) => new()
    {
        Capacity = Resources(options),
        Allocatable = Resources(options),
        Conditions = Conditions(node.ReadySince, now),
        Addresses =
        [
            new V1NodeAddress { Type = "InternalIP", Address = node.InternalIp },
            new V1NodeAddress { Type = "Hostname", Address = node.Name },
        ],
        NodeInfo = new V1NodeSystemInfo
        {
            KubeletVersion = KubeletVersion,
            ContainerRuntimeVersion = ContainerRuntimeVersion,
            OperatingSystem = "linux",
            Architecture = "amd64",
            KernelVersion = "6.1.0-sim",
            OsImage = "KubeSharp simulated node",
            MachineID = node.Index.ToString("x32", CultureInfo.InvariantCulture),
            SystemUUID = string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{node.Index:x12}"),
            BootID = string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-9000-{node.Index:x12}"),
        },
        DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = KubeletPort } },
    };

    /// <summary>A healthy kubelet's four conditions, in upstream's order, heartbeat now.</summary>
    public static List<V1NodeCondition> Conditions(DateTimeOffset readySince, DateTimeOffset now)
    {
        var since = Timestamps.Seconds(readySince);
        var beat = Timestamps.Seconds(now);
        return
        [
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", since, beat),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", since, beat),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", since, beat),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", since, beat),
        ];
    }

    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>A merge patch of the whole status (for a node taken over, or a server that dropped the status on create).</summary>
    public static string StatusPatch(SimulatorOptions options, SimulatedNode node, DateTimeOffset now) =>
        new JsonObject { ["status"] = ToJson(Status(options, node, now)) }.ToJsonString();

    /// <summary>The periodic heartbeat: the conditions with a new lastHeartbeatTime (merge patch: the list is replaced whole).</summary>
    public static string HeartbeatPatch(SimulatedNode node, DateTimeOffset now) =>
        new JsonObject { ["status"] = new JsonObject { ["conditions"] = ToJson(Conditions(node.ReadySince, now)) } }.ToJsonString();

    /// <summary>
    /// The taints the node should have: what it has plus any configured taint it lacks (the node
    /// lifecycle controller lifts the not-ready taint once the node is Ready, as for a kubelet).
    /// Null when that is what it has already.
    /// </summary>
    public static List<V1Taint>? TaintsToSet(IList<V1Taint>? existing, IReadOnlyList<V1Taint> configured)
    {
        var current = existing ?? [];
        var desired = current.ToList();
        foreach (var taint in configured)
        {
            if (!desired.Any(t => t.Key == taint.Key && t.Effect == taint.Effect))
            {
                desired.Add(Copy(taint));
            }
        }

        var same = desired.Count == current.Count
            && desired.Zip(current).All(pair => pair.First.Key == pair.Second.Key && pair.First.Value == pair.Second.Value && pair.First.Effect == pair.Second.Effect);
        return same ? null : desired;
    }

    /// <summary>
    /// A merge patch of labels and/or taints, with the resourceVersion read so a concurrent change
    /// conflicts instead of being overwritten (the taint list is replaced whole).
    /// </summary>
    public static string SpecPatch(string resourceVersion, IReadOnlyDictionary<string, string>? labels, List<V1Taint>? taints)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        var patch = new JsonObject { ["metadata"] = metadata };
        if (labels is not null)
        {
            metadata["labels"] = ToJson(labels);
        }

        if (taints is not null)
        {
            patch["spec"] = new JsonObject { ["taints"] = taints.Count == 0 ? null : ToJson(taints) };
        }

        return patch.ToJsonString();
    }

    /// <summary>The node's Lease, owned by the Node as kubelet makes it (deleted with the node by the garbage collector).</summary>
    public static V1Lease Lease(SimulatedNode node, TimeSpan duration, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = node.Name,
            NamespaceProperty = SimulatorMetadata.LeaseNamespace,
            OwnerReferences = [Owner(node)],
        },
        Spec = LeaseSpec(node, duration, now),
    };

    /// <summary>A renewal: holder, duration and renewTime (merge patch, so no read and no conflict).</summary>
    public static string RenewPatch(SimulatedNode node, TimeSpan duration, DateTimeOffset now) =>
        new JsonObject { ["spec"] = ToJson(LeaseSpec(node, duration, now)) }.ToJsonString();

    /// <summary>Taking over an existing lease: the renewal plus this node as its owner.</summary>
    public static string TakeOverPatch(SimulatedNode node, TimeSpan duration, DateTimeOffset now) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = ToJson(new List<V1OwnerReference> { Owner(node) }) },
            ["spec"] = ToJson(LeaseSpec(node, duration, now)),
        }.ToJsonString();

    private static V1LeaseSpec LeaseSpec(SimulatedNode node, TimeSpan duration, DateTimeOffset now) => new()
    {
        HolderIdentity = node.Name,
        LeaseDurationSeconds = (int)duration.TotalSeconds,
        RenewTime = now.UtcDateTime,
    };

    private static V1OwnerReference Owner(SimulatedNode node) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Name = node.Name,
        Uid = node.Uid,
    };

    private static Dictionary<string, ResourceQuantity> Resources(SimulatorOptions options) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(options.Cpu),
        ["memory"] = new ResourceQuantity(options.Memory),
        ["pods"] = new ResourceQuantity(options.Pods.ToString(CultureInfo.InvariantCulture)),
        ["ephemeral-storage"] = new ResourceQuantity(options.EphemeralStorage),
    };

    private static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime since, DateTime beat) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastTransitionTime = since,
        LastHeartbeatTime = beat,
    };

    private static V1Taint Copy(V1Taint taint) => new() { Key = taint.Key, Value = taint.Value, Effect = taint.Effect, TimeAdded = taint.TimeAdded };

    /// <summary>A model as JSON with the client's own serializer (camelCase, nulls left out, Kubernetes timestamps).</summary>
    private static JsonNode? ToJson(object value) => JsonNode.Parse(KubernetesJson.Serialize(value));
}
