using k8s.Models;
using KubeSharp.Api.Networking;

namespace KubeSharp.Proxy.Services;

/// <summary>
/// The ports kube-proxy programs for a Service (upstream's newBaseServiceInfo, IPv4 only): none for
/// ExternalName or headless Services or without an IPv4 cluster IP, and only TCP, UDP and SCTP ports.
/// </summary>
internal static class ServicePorts
{
    /// <summary>spec.sessionAffinityConfig.clientIP.timeoutSeconds when unset: 3 hours.</summary>
    public const int DefaultAffinityTimeoutSeconds = 10800;

    public static List<ServicePortInfo> Of(V1Service service)
    {
        var ports = new List<ServicePortInfo>();
        var spec = service.Spec;
        if (spec is null || spec.Type == "ExternalName" || ClusterIpOf(spec) is not { } clusterIp)
        {
            return ports;
        }

        var @namespace = service.Metadata?.NamespaceProperty ?? string.Empty;
        var name = service.Metadata?.Name ?? string.Empty;
        var externalIps = Addresses(spec.ExternalIPs);
        var loadBalancerIps = LoadBalancerIps(service);
        var sourceRanges = SourceRanges(spec.LoadBalancerSourceRanges);
        var externalPolicyLocal = ExternalPolicyLocal(service);
        var internalPolicyLocal = spec.InternalTrafficPolicy == "Local";
        var affinity = spec.SessionAffinity == "ClientIP" ? spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? DefaultAffinityTimeoutSeconds : 0;
        foreach (var port in spec.Ports ?? [])
        {
            var protocol = port.Protocol ?? "TCP";
            var nftProtocol = protocol switch
            {
                "TCP" => "tcp",
                "UDP" => "udp",
                "SCTP" => "sctp",
                _ => null,
            };
            if (nftProtocol is null || port.Port is <= 0 or > 65535)
            {
                continue;
            }

            var portName = port.Name ?? string.Empty;
            ports.Add(new ServicePortInfo
            {
                PortName = portName,
                Protocol = protocol,
                NftProtocol = nftProtocol,
                Id = ServicePortId.For(@namespace, name, nftProtocol, portName),
                ClusterIp = clusterIp,
                Port = port.Port,
                NodePort = port.NodePort ?? 0,
                ExternalIps = externalIps,
                LoadBalancerIps = loadBalancerIps,
                SourceRanges = sourceRanges,
                ExternalPolicyLocal = externalPolicyLocal,
                InternalPolicyLocal = internalPolicyLocal,
                AffinityTimeoutSeconds = affinity,
            });
        }

        return ports;
    }

    /// <summary>
    /// spec.healthCheckNodePort of a LoadBalancer Service with externalTrafficPolicy Local
    /// (upstream's NeedsHealthCheck), else 0.
    /// </summary>
    public static int HealthCheckNodePort(V1Service service) =>
        service.Spec?.Type == "LoadBalancer" && ExternalPolicyLocal(service) ? service.Spec.HealthCheckNodePort ?? 0 : 0;

    /// <summary>status.loadBalancer.ingress[].ip in VIP mode (an unset ipMode is VIP), IPv4, without repeats.</summary>
    public static List<string> LoadBalancerIps(V1Service service)
    {
        var ips = new List<string>();
        foreach (var ingress in service.Status?.LoadBalancer?.Ingress ?? [])
        {
            if (ingress.IpMode is null or "VIP" && Canonical(ingress.Ip) is { } ip && !ips.Contains(ip))
            {
                ips.Add(ip);
            }
        }

        return ips;
    }

    /// <summary>
    /// upstream's ExternalPolicyLocal: externalTrafficPolicy Local on an externally accessible
    /// Service (LoadBalancer, NodePort, or ClusterIP with external IPs).
    /// </summary>
    private static bool ExternalPolicyLocal(V1Service service)
    {
        var spec = service.Spec;
        var type = string.IsNullOrEmpty(spec?.Type) ? "ClusterIP" : spec.Type;
        var accessible = type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && spec?.ExternalIPs is { Count: > 0 });
        return accessible && spec?.ExternalTrafficPolicy == "Local";
    }

    /// <summary>The IPv4 cluster IP (of a dual-stack Service too); null for headless or IPv6-only Services.</summary>
    private static string? ClusterIpOf(V1ServiceSpec spec)
    {
        if (string.IsNullOrEmpty(spec.ClusterIP) || spec.ClusterIP == "None")
        {
            return null;
        }

        if (spec.ClusterIPs is { Count: > 0 } all)
        {
            foreach (var ip in all)
            {
                if (Canonical(ip) is { } canonical)
                {
                    return canonical;
                }
            }

            return null;
        }

        return Canonical(spec.ClusterIP);
    }

    private static List<string> Addresses(IList<string>? texts)
    {
        var ips = new List<string>();
        foreach (var text in texts ?? [])
        {
            if (Canonical(text) is { } ip && !ips.Contains(ip))
            {
                ips.Add(ip);
            }
        }

        return ips;
    }

    /// <summary>IPv4 ranges only, with host bits cleared; the API allows spaces around them.</summary>
    private static List<string> SourceRanges(IList<string>? texts)
    {
        var ranges = new List<string>();
        foreach (var text in texts ?? [])
        {
            if (Ipv4Cidr.TryParse(text?.Trim(), out var cidr) && cidr.ToString() is var range && !ranges.Contains(range))
            {
                ranges.Add(range);
            }
        }

        return ranges;
    }

    private static string? Canonical(string? text) => Ipv4Cidr.TryParseAddress(text, out var address) ? Ipv4Cidr.Format(address) : null;
}
