using System.Globalization;
using k8s.Models;
using KubeSharp.Api.Networking;
using KubeSharp.Proxy.Endpoints;
using KubeSharp.Proxy.Health;
using KubeSharp.Proxy.Services;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// What one Service needs in the table (upstream's syncProxyRules for each of its ports), in the
/// fixed layout: a cluster chain <c>svc-ID</c> dispatching over the usable endpoints, an external
/// chain <c>ext-ID</c> for NodePort, external and load balancer IPs, a local chain <c>local-ID</c>
/// for the endpoints on this node, a firewall chain <c>fw-ID</c> for loadBalancerSourceRanges, and
/// map elements sending each address to its chain, or to reject (no endpoint at all) or drop
/// (no endpoint the traffic policy allows).
/// </summary>
internal sealed class ServiceRulesBuilder
{
    private const string MarkForMasquerade = "meta mark set meta mark | " + NftNames.MasqueradeMark;

    private readonly string _clusterCidr;
    private readonly string _nodeName;
    private readonly LoadBalancingMode _mode;

    public ServiceRulesBuilder(ProxyOptions options)
    {
        _clusterCidr = Ipv4Cidr.TryParse(options.ClusterCidr, out var cidr) ? cidr.ToString() : throw new ArgumentException("invalid cluster CIDR", nameof(options));
        _nodeName = options.NodeName;
        _mode = options.Mode;
    }

    public ServiceRules Build(V1Service service, IReadOnlyList<V1EndpointSlice> slices)
    {
        var rules = new ServiceRules();
        var ports = ServicePorts.Of(service);
        if (ports.Count == 0)
        {
            return rules;
        }

        var hairpin = ports.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        HashSet<string>? localReady = null;
        foreach (var port in ports)
        {
            var endpoints = ServiceEndpoints.For(port, slices, _nodeName);
            var categories = EndpointCategories.Of(endpoints, port);
            AddPort(rules, port, categories);
            // A loopback endpoint (an API server bound to 127.0.0.1) is no pod that could reach itself;
            // its "IP . IP" element would masquerade every loopback connection of the node.
            foreach (var endpoint in categories.Reachable.Where(e => !e.Ip.StartsWith("127.", StringComparison.Ordinal)))
            {
                if (hairpin is null || hairpin.Add(endpoint.Ip))
                {
                    rules.HairpinIps.Add(endpoint.Ip);
                }
            }

            foreach (var endpoint in endpoints)
            {
                if (endpoint.IsLocal && endpoint.Ready)
                {
                    (localReady ??= new HashSet<string>(StringComparer.Ordinal)).Add(endpoint.Ip);
                }
            }
        }

        rules.PortCount = ports.Count;
        rules.LoadBalancerIps.AddRange(ports[0].LoadBalancerIps);
        if (ServicePorts.HealthCheckNodePort(service) is > 0 and var healthCheckPort)
        {
            rules.HealthCheck = (healthCheckPort, new HealthCheckTarget(
                service.Metadata?.NamespaceProperty ?? string.Empty, service.Metadata?.Name ?? string.Empty, localReady?.Count ?? 0));
        }

        return rules;
    }

    private void AddPort(ServiceRules rules, ServicePortInfo port, EndpointCategories endpoints)
    {
        var clusterChain = NftNames.ClusterChainPrefix + port.Id;
        var localChain = NftNames.LocalChainPrefix + port.Id;
        var externalChain = NftNames.ExternalChainPrefix + port.Id;
        var firewallChain = NftNames.FirewallChainPrefix + port.Id;
        var usesClusterChain = endpoints.Cluster.Count > 0 && port.UsesClusterEndpoints;
        var usesLocalChain = endpoints.Local.Count > 0 && port.UsesLocalEndpoints;

        // Internal traffic is the cluster IP's; external traffic all the others'.
        var hasInternalEndpoints = endpoints.HasAny && (!port.InternalPolicyLocal || endpoints.Local.Count > 0);
        var hasExternalEndpoints = endpoints.HasAny && (!port.ExternalPolicyLocal || endpoints.Local.Count > 0);

        // With policy Local and no local endpoint the external chain is still needed: pods and the node itself may use the others.
        var usesExternalChain = endpoints.HasAny && port.ExternallyAccessible;
        var usesFirewallChain = usesExternalChain && port.LoadBalancerIps.Count > 0 && port.SourceRanges.Count > 0;
        var noEndpointVerdict = endpoints.HasAny ? "drop" : NftNames.RejectVerdict;
        var protocol = port.NftProtocol;
        var portText = port.Port.ToString(CultureInfo.InvariantCulture);

        var clusterIpKey = $"{port.ClusterIp} . {protocol} . {portText}";
        if (hasInternalEndpoints)
        {
            AddElement(rules, new(NftNames.ServiceIpsMap, clusterIpKey, "goto " + (port.InternalPolicyLocal ? localChain : clusterChain)));
        }
        else
        {
            AddElement(rules, new(NftNames.NoEndpointServicesMap, clusterIpKey, noEndpointVerdict));
        }

        AddExternalAddresses(rules, port.ExternalIps, protocol, portText, usesExternalChain ? "goto " + externalChain : null, hasExternalEndpoints ? null : noEndpointVerdict);
        AddExternalAddresses(
            rules,
            port.LoadBalancerIps,
            protocol,
            portText,
            usesExternalChain ? "goto " + (usesFirewallChain ? firewallChain : externalChain) : null,
            hasExternalEndpoints ? null : noEndpointVerdict);
        if (port.NodePort != 0)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{protocol} . {port.NodePort}");
            if (usesExternalChain)
            {
                AddElement(rules, new(NftNames.ServiceNodePortsMap, key, "goto " + externalChain));
            }

            if (!hasExternalEndpoints)
            {
                AddElement(rules, new(NftNames.NoEndpointNodePortsMap, key, noEndpointVerdict));
            }
        }

        // One set per endpoint this node may reach, shared by the cluster and the local chain.
        var affinityPrefix = port.AffinityTimeoutSeconds > 0 ? $"{NftNames.AffinitySetPrefix}{port.Id}-" : null;
        if (affinityPrefix is not null)
        {
            foreach (var endpoint in endpoints.Reachable)
            {
                rules.AffinitySets.Add(new(DispatchRules.AffinitySetName(affinityPrefix, endpoint), port.AffinityTimeoutSeconds));
            }
        }

        if (usesClusterChain)
        {
            var chain = new List<string>(endpoints.Cluster.Count * (affinityPrefix is null ? 1 : 2));
            DispatchRules.Write(chain, endpoints.Cluster, protocol, _mode, affinityPrefix);
            rules.Chains.Add(new(clusterChain, chain));
        }

        if (usesLocalChain)
        {
            var chain = new List<string>(endpoints.Local.Count * (affinityPrefix is null ? 1 : 2));
            DispatchRules.Write(chain, endpoints.Local, protocol, _mode, affinityPrefix);
            rules.Chains.Add(new(localChain, chain));
        }

        if (usesExternalChain)
        {
            string[] chain = port.ExternalPolicyLocal
                ? [
                    // Pods and the node itself are not subject to the external policy, as if they went out to the load balancer and came back.
                    $"ip saddr {_clusterCidr} goto {clusterChain}",
                    $"fib saddr type local {MarkForMasquerade} goto {clusterChain}",
                    hasExternalEndpoints ? "goto " + localChain : "drop",
                ]
                : [$"{MarkForMasquerade} goto {clusterChain}"];
            rules.Chains.Add(new(externalChain, chain));
        }

        if (usesFirewallChain)
        {
            rules.Chains.Add(new(firewallChain, [$"ip saddr != {{ {string.Join(", ", port.SourceRanges)} }} drop", "goto " + externalChain]));
        }
    }

    /// <summary>External or load balancer IPs: to their chain while there are endpoints, and to drop or reject without usable ones.</summary>
    private static void AddExternalAddresses(ServiceRules rules, IReadOnlyList<string> ips, string protocol, string port, string? verdict, string? noEndpointVerdict)
    {
        foreach (var ip in ips)
        {
            var key = $"{ip} . {protocol} . {port}";
            if (verdict is not null)
            {
                AddElement(rules, new(NftNames.ServiceIpsMap, key, verdict));
            }

            if (noEndpointVerdict is not null)
            {
                AddElement(rules, new(NftNames.NoEndpointServicesMap, key, noEndpointVerdict));
            }
        }
    }

    /// <summary>Adds an element unless the Service has its key already (an external IP that is also a load balancer IP, say).</summary>
    private static void AddElement(ServiceRules rules, NftElement element)
    {
        foreach (var existing in rules.Elements)
        {
            if (existing.Map == element.Map && existing.Key == element.Key)
            {
                return;
            }
        }

        rules.Elements.Add(element);
    }
}
