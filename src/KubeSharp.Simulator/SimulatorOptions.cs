using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Simulator.Addresses;

namespace KubeSharp.Simulator;

/// <summary>What <see cref="NodeSimulator"/> simulates; <see cref="Validate"/> says what is wrong with it.</summary>
public sealed partial record SimulatorOptions
{
    public int Nodes { get; init; } = 1;

    /// <summary>Nodes are named prefix + index, from 0.</summary>
    public string NamePrefix { get; init; } = "sim-node-";

    /// <summary>Capacity (and allocatable) of each node, as Kubernetes quantities.</summary>
    public string Cpu { get; init; } = "32";

    public string Memory { get; init; } = "256Gi";

    public int Pods { get; init; } = 110;

    public string EphemeralStorage { get; init; } = "100Gi";

    /// <summary>Nodes are spread round-robin over zone-a, zone-b, ... (at most 26).</summary>
    public int Zones { get; init; } = 3;

    /// <summary>Labels added to every node (they win over the simulator's own).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>How often each node's lease is renewed (kubelet: 10 s); renewals are spread over the interval.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The lease's leaseDurationSeconds (kubelet: 40 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often each node re-posts its conditions (upstream reports every 5 min when nothing changes; 1 min here).</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after the simulator first sees a pod bound to its node the pod is Running (zero: at once).</summary>
    public TimeSpan PodStartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pod IPs for nodes without spec.podCIDR (IPv4).</summary>
    public string PodCidr { get; init; } = "10.42.0.0/16";

    /// <summary>The longest a terminating pod is kept before it is deleted; null: its whole grace period.</summary>
    public TimeSpan? MaxGrace { get; init; }

    /// <summary>Delete the nodes and their leases when the simulator stops.</summary>
    public bool DeleteNodesOnExit { get; init; }

    /// <summary>Nodes registered at once.</summary>
    public int RegistrationConcurrency { get; init; } = 16;

    /// <summary>API calls in flight at once for heartbeats and pods (the workers).</summary>
    public int ApiConcurrency { get; init; } = 32;

    public string NodeName(int index) => NamePrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every problem with these options, worded for the command line; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Nodes is < 1 or > NodeAddresses.MaxNodes)
        {
            problems.Add($"--nodes: must be between 1 and {NodeAddresses.MaxNodes}");
        }

        // Node names are also kubernetes.io/hostname label values: at most 63 characters.
        var longest = NodeName(Math.Max(Nodes - 1, 0));
        if (!NodeNamePattern().IsMatch(longest) || longest.Length > 63)
        {
            problems.Add($"--name-prefix: \"{NamePrefix}\" does not make valid node names (lowercase letters, digits, '-' and '.', at most 63 characters)");
        }

        Quantity(problems, "--cpu", Cpu);
        Quantity(problems, "--memory", Memory);
        Quantity(problems, "ephemeral-storage", EphemeralStorage);
        if (Pods < 1)
        {
            problems.Add("--pods: must be at least 1");
        }

        if (Zones is < 1 or > 26)
        {
            problems.Add("--zones: must be between 1 and 26");
        }

        if (Labels.Keys.Any(string.IsNullOrEmpty))
        {
            problems.Add("--labels: a label has no key");
        }

        if (Taints.Any(t => string.IsNullOrEmpty(t.Key) || t.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute")))
        {
            problems.Add("--taints: every taint needs a key and an effect (NoSchedule, PreferNoSchedule or NoExecute)");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            problems.Add("lease duration: must be at least 1s");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= LeaseDuration)
        {
            problems.Add($"--heartbeat-interval: must be positive and shorter than the lease duration ({LeaseDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
        }

        if (StatusInterval <= TimeSpan.Zero)
        {
            problems.Add("--status-interval: must be positive");
        }

        if (PodStartDelay < TimeSpan.Zero)
        {
            problems.Add("--pod-start-delay: must not be negative");
        }

        if (!Ipv4Cidr.TryParse(PodCidr, out var cidr) || cidr.PrefixLength > 30)
        {
            problems.Add($"--pod-cidr: \"{PodCidr}\" is not an IPv4 CIDR of at least 4 addresses, e.g. 10.42.0.0/16");
        }

        if (MaxGrace < TimeSpan.Zero)
        {
            problems.Add("--max-grace: must not be negative");
        }

        if (RegistrationConcurrency < 1 || ApiConcurrency < 1)
        {
            problems.Add("--concurrency: must be at least 1");
        }

        return problems;
    }

    private static void Quantity(List<string> problems, string flag, string text)
    {
        try
        {
            _ = new ResourceQuantity(text).ToString();
            if (text.StartsWith('-'))
            {
                problems.Add($"{flag}: must not be negative");
            }
        }
        catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
        {
            problems.Add($"{flag}: \"{text}\" is not a quantity (e.g. 32, 500m, 256Gi)");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex NodeNamePattern();
}
