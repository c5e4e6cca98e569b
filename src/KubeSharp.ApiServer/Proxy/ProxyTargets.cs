using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Watch;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Where a proxy request goes, found as upstream's ResourceLocation functions find it, from the
/// objects the watch caches hold: a pod's IP and port, a ready endpoint of a service, or a node's
/// address (its kubelet, unless another port was asked for).
/// </summary>
internal sealed class ProxyTargets(ResourceCache pods, ResourceCache services, ResourceCache endpointSlices, ResourceCache endpoints, ResourceCache nodes)
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";
    private const int DefaultKubeletPort = 10250;

    public ProxyTarget Pod(ProxyRequest request)
    {
        var pod = Read(pods, request.Namespace, request.Name) ?? throw ApiErrors.NotFound(string.Empty, "pods", request.Name);
        return PodTarget(pod, request);
    }

    /// <summary>
    /// The pod's first IP, at the port asked for (a number, or the name of a container port), else
    /// at the first port any container declares, else at the scheme's port. Upstream refuses
    /// addresses that are not global unicast (none yet, loopback, link-local...).
    /// </summary>
    public static ProxyTarget PodTarget(JsonObject pod, ProxyRequest request)
    {
        var ip = pod.GetArray("status.podIPs").Objects().FirstOrDefault()?.GetString("ip") ?? pod.GetString("status.podIP");
        if (ip is null || !IPAddress.TryParse(ip, out var parsed) || !IsGlobalUnicast(parsed))
        {
            throw ApiErrors.BadRequest("address not allowed");
        }

        var ports = pod.GetArray("spec.containers").Objects().SelectMany(c => c.GetArray("ports").Objects()).ToList();
        long? port;
        if (request.Port.Length == 0)
        {
            port = ports.Select(p => p.GetInt64("containerPort")).FirstOrDefault(p => p is not null);
        }
        else if (int.TryParse(request.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            port = number;
        }
        else
        {
            port = ports.FirstOrDefault(p => p.GetString("name") == request.Port)?.GetInt64("containerPort")
                ?? throw ApiErrors.BadRequest($"invalid pod request \"{request.Id}\"");
        }

        return ProxyTarget.For(request.Scheme, ip, port is { } value ? (int)value : null);
    }

    public ProxyTarget Service(ProxyRequest request)
    {
        var @namespace = request.Namespace;
        var name = request.Name;
        var service = Read(services, @namespace, name) ?? throw ApiErrors.NotFound(string.Empty, "services", name);
        var portName = ServiceEndpoints.PortName(service, request.Port);
        var slices = endpointSlices.Snapshot(endpointSlices.Resource.NamespacePrefix(@namespace)).Items
            .Where(s => s.Labels.TryGetValue(ServiceNameLabel, out var owner) && owner == name)
            .Select(s => s.Parse())
            .ToList();

        // Endpoints only for services without slices: hand-written Endpoints of a service without a selector.
        var candidates = new List<(string Address, int Port)>();
        if (slices.Count > 0)
        {
            candidates = ServiceEndpoints.FromSlices(slices, portName);
        }
        else if (Read(endpoints, @namespace, name) is { } written)
        {
            candidates = ServiceEndpoints.FromEndpoints(written, portName);
        }

        if (candidates.Count == 0)
        {
            throw ApiErrors.ServiceUnavailable($"no endpoints available for service \"{name}\"");
        }

        var (address, port) = candidates[Random.Shared.Next(candidates.Count)];
        return ProxyTarget.For(request.Scheme, address, port);
    }

    /// <summary>
    /// The node, and where its proxy requests go: its kubelet (https, through the API server's kubelet
    /// client certificate) when no port or the kubelet's port is asked for, else that port at the
    /// node's address.
    /// </summary>
    public (V1Node Node, ProxyTarget Target, bool ToKubelet) Node(ProxyRequest request)
    {
        var json = Read(nodes, null, request.Name) ?? throw ApiErrors.NotFound(string.Empty, "nodes", request.Name);
        var node = KubernetesJson.Deserialize<V1Node>(json.ToJsonString());
        var addresses = node.Status?.Addresses ?? [];
        var address = (addresses.FirstOrDefault(a => a.Type == "InternalIP") ?? addresses.FirstOrDefault())?.Address
            ?? throw ApiErrors.ServiceUnavailable($"node \"{request.Name}\" has no address");
        var kubeletPort = node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port is int declared && declared > 0 ? declared : DefaultKubeletPort;
        if (request.Port.Length == 0 || request.Port == kubeletPort.ToString(CultureInfo.InvariantCulture))
        {
            return (node, new ProxyTarget("https", address, kubeletPort), true);
        }

        return int.TryParse(request.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (node, ProxyTarget.For(request.Scheme, address, port), false)
            : throw ApiErrors.BadRequest($"invalid node request \"{request.Id}\"");
    }

    private static JsonObject? Read(ResourceCache cache, string? @namespace, string name) =>
        cache.Get(cache.Resource.Key(@namespace, name))?.Parse();

    /// <summary>Go's net.IP.IsGlobalUnicast.</summary>
    private static bool IsGlobalUnicast(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !ip.IsIPv6LinkLocal && !ip.IsIPv6Multicast;
        }

        var bytes = ip.GetAddressBytes();
        var multicast = bytes[0] is >= 224 and <= 239;
        var linkLocal = bytes[0] == 169 && bytes[1] == 254;
        return !multicast && !linkLocal;
    }
}
