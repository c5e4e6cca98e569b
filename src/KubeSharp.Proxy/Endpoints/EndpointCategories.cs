using KubeSharp.Proxy.Services;

namespace KubeSharp.Proxy.Endpoints;

/// <summary>
/// upstream's CategorizeEndpoints (without topology hints): the endpoints Cluster traffic policy
/// uses, those Local policy uses, all this node can reach, and whether the Service has a usable
/// endpoint anywhere. Usable means ready, or, when none is ready, serving while terminating
/// (decided separately for Cluster and Local).
/// </summary>
internal sealed record EndpointCategories(List<EndpointInfo> Cluster, List<EndpointInfo> Local, List<EndpointInfo> Reachable, bool HasAny)
{
    public static EndpointCategories Of(IReadOnlyList<EndpointInfo> endpoints, ServicePortInfo port)
    {
        if (endpoints.Count == 0)
        {
            return new([], [], [], false);
        }

        List<EndpointInfo> cluster = [];
        var hasAny = false;
        if (port.UsesClusterEndpoints)
        {
            cluster = Filter(endpoints, static e => e.Ready);
            if (cluster.Count == 0)
            {
                cluster = Filter(endpoints, static e => e.ServingTerminating);
            }

            hasAny = cluster.Count > 0;
        }

        if (!port.UsesLocalEndpoints)
        {
            return new(cluster, [], cluster, hasAny);
        }

        var localReady = false;
        var localServingTerminating = false;
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Ready)
            {
                hasAny = true;
                localReady |= endpoint.IsLocal;
            }
            else if (endpoint.ServingTerminating)
            {
                hasAny = true;
                localServingTerminating |= endpoint.IsLocal;
            }
        }

        List<EndpointInfo> local = localReady ? Filter(endpoints, static e => e.IsLocal && e.Ready)
            : localServingTerminating ? Filter(endpoints, static e => e.IsLocal && e.ServingTerminating)
            : [];
        if (!port.UsesClusterEndpoints)
        {
            return new(cluster, local, local, hasAny);
        }

        if (!localServingTerminating || localReady)
        {
            // Local holds ready endpoints only, and Cluster holds every ready one: Cluster covers Local.
            return new(cluster, local, cluster, hasAny);
        }

        // Local fell back to terminating endpoints that Cluster (which has ready ones) may lack.
        var reachable = new List<EndpointInfo>(cluster);
        foreach (var endpoint in local)
        {
            if (!reachable.Contains(endpoint))
            {
                reachable.Add(endpoint);
            }
        }

        reachable.Sort(static (a, b) => string.CompareOrdinal(a.Address, b.Address));
        return new(cluster, local, reachable, hasAny);
    }

    private static List<EndpointInfo> Filter(IReadOnlyList<EndpointInfo> endpoints, Func<EndpointInfo, bool> keep)
    {
        var kept = new List<EndpointInfo>(endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            if (keep(endpoint))
            {
                kept.Add(endpoint);
            }
        }

        return kept;
    }
}
