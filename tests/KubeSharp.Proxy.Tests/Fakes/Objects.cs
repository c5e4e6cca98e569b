using k8s.Models;

namespace KubeSharp.Proxy.Tests.Fakes;

/// <summary>Services and EndpointSlices as the API server would hand them to the proxy.</summary>
internal static class Objects
{
    public const string ThisNode = "node-a";
    public const string OtherNode = "node-b";

    public static ProxyOptions Options(LoadBalancingMode mode = LoadBalancingMode.RoundRobin) => new()
    {
        NodeName = ThisNode,
        Mode = mode,
        HealthzBindAddress = null,
        MetricsBindAddress = null,
    };

    public static V1Service Service(string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = "1" },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = clusterIp, ClusterIPs = [clusterIp], Ports = [.. ports] },
    };

    public static V1ServicePort Port(string? name, int port, string protocol = "TCP", int? nodePort = null) =>
        new() { Name = name, Port = port, Protocol = protocol, NodePort = nodePort };

    public static V1EndpointSlice Slice(string service, string name, V1Endpoint[] endpoints, params Discoveryv1EndpointPort[] ports) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            ResourceVersion = "1",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service },
        },
        AddressType = "IPv4",
        Endpoints = [.. endpoints],
        Ports = [.. ports],
    };

    public static V1Endpoint Endpoint(string ip, string? node = OtherNode, bool? ready = true, bool? serving = null, bool? terminating = null) => new()
    {
        Addresses = [ip],
        NodeName = node,
        Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
    };

    public static Discoveryv1EndpointPort SlicePort(string? name, int port, string protocol = "TCP") =>
        new() { Name = name, Port = port, Protocol = protocol };

    /// <summary>The same object as a later version (the informer only tells of new resourceVersions).</summary>
    public static T Version<T>(T item, int version)
        where T : k8s.IKubernetesObject<V1ObjectMeta>
    {
        item.Metadata.ResourceVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return item;
    }
}
