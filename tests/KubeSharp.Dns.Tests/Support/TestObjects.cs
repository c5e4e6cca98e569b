using k8s.Models;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>Services and EndpointSlices as the API server would hold them.</summary>
internal static class TestObjects
{
    public static V1ServicePort Port(string? name, int port, string protocol = "TCP") => new() { Name = name, Port = port, Protocol = protocol };

    public static V1Service ClusterIp(string ns, string name, string[] clusterIps, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = clusterIps[0], ClusterIPs = clusterIps, Ports = ports },
    };

    public static V1Service Headless(string ns, string name, bool publishNotReady = false, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { Type = "ClusterIP", ClusterIP = "None", ClusterIPs = ["None"], Ports = ports, PublishNotReadyAddresses = publishNotReady },
    };

    public static V1Service ExternalName(string ns, string name, string externalName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = externalName },
    };

    /// <summary>An endpoint with one address; ready null means the condition is unset.</summary>
    public static V1Endpoint Endpoint(string address, bool? ready = true, string? hostname = null) => new()
    {
        Addresses = [address],
        Conditions = new V1EndpointConditions { Ready = ready },
        Hostname = hostname,
    };

    public static Discoveryv1EndpointPort SlicePort(string? name, int port, string protocol = "TCP") => new() { Name = name, Port = port, Protocol = protocol };

    public static V1EndpointSlice Slice(string ns, string service, string name, string addressType, V1Endpoint[] endpoints, params Discoveryv1EndpointPort[] ports) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/service-name"] = service },
        },
        AddressType = addressType,
        Endpoints = endpoints,
        Ports = ports,
    };
}
