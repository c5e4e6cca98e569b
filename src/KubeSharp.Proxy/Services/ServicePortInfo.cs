namespace KubeSharp.Proxy.Services;

/// <summary>
/// One proxied port of a Service with what its rules need (upstream's BaseServicePortInfo, IPv4 only):
/// addresses already filtered to IPv4 and in canonical form.
/// </summary>
internal sealed class ServicePortInfo
{
    /// <summary>The Service port's name; "" for the one unnamed port.</summary>
    public required string PortName { get; init; }

    /// <summary>The API's protocol: TCP, UDP or SCTP.</summary>
    public required string Protocol { get; init; }

    /// <summary>The protocol as nft writes it: tcp, udp or sctp.</summary>
    public required string NftProtocol { get; init; }

    /// <summary>The stable part of this port's chain and set names (<see cref="ServicePortId"/>).</summary>
    public required string Id { get; init; }

    public required string ClusterIp { get; init; }

    public required int Port { get; init; }

    /// <summary>0 when the port has none.</summary>
    public int NodePort { get; init; }

    public IReadOnlyList<string> ExternalIps { get; init; } = [];

    /// <summary>Ingress IPs of the load balancer in VIP mode.</summary>
    public IReadOnlyList<string> LoadBalancerIps { get; init; } = [];

    /// <summary>spec.loadBalancerSourceRanges as IPv4 CIDRs.</summary>
    public IReadOnlyList<string> SourceRanges { get; init; } = [];

    public bool ExternalPolicyLocal { get; init; }

    public bool InternalPolicyLocal { get; init; }

    /// <summary>How long a client sticks to its endpoint (ClientIP affinity); 0 without affinity.</summary>
    public int AffinityTimeoutSeconds { get; init; }

    /// <summary>Reachable other than by the cluster IP: NodePort, external IPs or load balancer IPs.</summary>
    public bool ExternallyAccessible => NodePort != 0 || LoadBalancerIps.Count > 0 || ExternalIps.Count > 0;

    /// <summary>Some traffic goes to all endpoints; external traffic with policy Local needs them too, for pods and the node itself.</summary>
    public bool UsesClusterEndpoints => !InternalPolicyLocal || ExternallyAccessible;

    public bool UsesLocalEndpoints => InternalPolicyLocal || (ExternalPolicyLocal && ExternallyAccessible);
}
