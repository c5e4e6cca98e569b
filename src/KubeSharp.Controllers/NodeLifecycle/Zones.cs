using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>How disrupted a zone is, which decides how fast its nodes are tainted for eviction.</summary>
internal enum ZoneState
{
    Initial,
    Normal,
    PartialDisruption,
    FullDisruption,
}

/// <summary>Zones of nodes (nodetopology.GetZoneKey) and their disruption state (ComputeZoneState, setLimiterInZone).</summary>
internal static class Zones
{
    /// <summary>--unhealthy-zone-threshold: this share of not-Ready nodes (and more than two) makes a zone partially disrupted.</summary>
    public const double UnhealthyZoneThreshold = 0.55;

    /// <summary>--large-cluster-size-threshold: a partially disrupted zone up to this size stops evicting altogether.</summary>
    public const int LargeClusterThreshold = 50;

    /// <summary>--secondary-node-eviction-rate: nodes per second tainted in a partially disrupted large zone.</summary>
    public const double SecondaryEvictionRate = 0.01;

    /// <summary>Nodes with this label are not counted towards their zone's disruption.</summary>
    public const string ExcludeDisruptionLabel = "node.kubernetes.io/exclude-disruption";

    /// <summary>Region and zone (stable labels, the beta ones first as upstream does); empty without either.</summary>
    public static string KeyOf(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (labels is null)
        {
            return string.Empty;
        }

        var zone = labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out var beta) ? beta : labels.TryGetValue("topology.kubernetes.io/zone", out var stable) ? stable : string.Empty;
        var region = labels.TryGetValue("failure-domain.beta.kubernetes.io/region", out var betaRegion) ? betaRegion : labels.TryGetValue("topology.kubernetes.io/region", out var stableRegion) ? stableRegion : string.Empty;

        // A NUL between them, as upstream, in case either has a colon.
        return region.Length == 0 && zone.Length == 0 ? string.Empty : region + ":\0:" + zone;
    }

    /// <summary>The zone key as people write it, for logs.</summary>
    public static string Describe(string key) => key.Length == 0 ? "(no zone)" : key.Replace(":\0:", "/", StringComparison.Ordinal);

    /// <summary>
    /// ComputeZoneState over the zone's Ready conditions (null: none posted): fully disrupted when
    /// no node is Ready, partially when more than two and at least the threshold's share are not.
    /// </summary>
    public static (int Unhealthy, ZoneState State) Compute(IReadOnlyCollection<string?> readyStatuses)
    {
        var ready = readyStatuses.Count(status => status == "True");
        var notReady = readyStatuses.Count - ready;
        if (ready == 0 && notReady > 0)
        {
            return (notReady, ZoneState.FullDisruption);
        }

        if (notReady > 2 && (double)notReady / (notReady + ready) >= UnhealthyZoneThreshold)
        {
            return (notReady, ZoneState.PartialDisruption);
        }

        return (notReady, ZoneState.Normal);
    }

    /// <summary>
    /// setLimiterInZone: the zone's eviction rate for its state. A fully disrupted zone (while others
    /// are not) evicts at the normal rate: its nodes are most likely really gone.
    /// </summary>
    public static double RateFor(ZoneState state, int zoneSize, double evictionRate) => state switch
    {
        ZoneState.PartialDisruption => zoneSize > LargeClusterThreshold ? SecondaryEvictionRate : 0,
        _ => evictionRate,
    };
}
