using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;

namespace KubeSharp.Dns;

/// <summary>
/// The kube-system/kube-dns Service pods' resolv.conf points at (the kubelet's --cluster-dns), and
/// its endpoints: the cluster DNS servers. It has no selector, so the EndpointSlice is written here
/// (managed by kubesharp.io/cluster-dns, which the EndpointSlice controller leaves alone), and
/// the proxy sends the cluster IP's port 53 to the servers' listen port.
/// </summary>
public static class KubeDnsService
{
    public const string Namespace = "kube-system";
    public const string Name = "kube-dns";
    public const string SliceName = "kube-dns-kubesharp";
    public const string ManagedBy = "cluster-dns.kubesharp.io";

    private const string ServiceNameLabel = "kubernetes.io/service-name";
    private const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    private const int DnsPort = 53;

    /// <summary>Reads and writes race other writers (or another server starting); this many rounds settle it.</summary>
    private const int Attempts = 5;

    private static readonly Dictionary<string, string> ServiceLabels = new(StringComparer.Ordinal)
    {
        ["k8s-app"] = "kube-dns",
        ["kubernetes.io/cluster-service"] = "true",
    };

    /// <summary>
    /// Creates or updates the Service (cluster IP <paramref name="clusterDnsIp"/>; ports dns 53/UDP
    /// and dns-tcp 53/TCP to <paramref name="listenPort"/>) and its EndpointSlice (the ready
    /// <paramref name="endpointAddresses"/>). Idempotent; a Service with another cluster IP, which
    /// cannot be changed, is replaced.
    /// </summary>
    public static async Task EnsureAsync(IKubernetes client, string clusterDnsIp, IReadOnlyList<string> endpointAddresses, int listenPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpointAddresses);
        if (!IPAddress.TryParse(clusterDnsIp, out _))
        {
            throw new ArgumentException($"cluster DNS: \"{clusterDnsIp}\" is not an IP address", nameof(clusterDnsIp));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listenPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(listenPort, ushort.MaxValue);
        await EnsureServiceAsync(client, DesiredService(clusterDnsIp, listenPort), cancellationToken);
        await EnsureSliceAsync(client, DesiredSlice(endpointAddresses, listenPort), cancellationToken);
    }

    internal static V1Service DesiredService(string clusterDnsIp, int listenPort) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = Namespace,
            Labels = new Dictionary<string, string>(ServiceLabels, StringComparer.Ordinal),
        },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = clusterDnsIp,
            ClusterIPs = [clusterDnsIp],
            Ports =
            [
                new V1ServicePort { Name = "dns", Port = DnsPort, Protocol = "UDP", TargetPort = listenPort },
                new V1ServicePort { Name = "dns-tcp", Port = DnsPort, Protocol = "TCP", TargetPort = listenPort },
            ],
        },
    };

    internal static V1EndpointSlice DesiredSlice(IReadOnlyList<string> endpointAddresses, int listenPort)
    {
        var ipv6 = endpointAddresses.Count > 0
            && endpointAddresses.All(address => IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6);
        var family = ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                Name = SliceName,
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [ServiceNameLabel] = Name,
                    [ManagedByLabel] = ManagedBy,
                },
            },
            AddressType = ipv6 ? "IPv6" : "IPv4",
            Endpoints =
            [
                .. endpointAddresses
                    .Where(address => IPAddress.TryParse(address, out var ip) && ip.AddressFamily == family)
                    .Distinct(StringComparer.Ordinal)
                    .Select(address => new V1Endpoint
                    {
                        Addresses = [address],
                        Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
                    }),
            ],
            Ports =
            [
                new Discoveryv1EndpointPort { Name = "dns", Port = listenPort, Protocol = "UDP" },
                new Discoveryv1EndpointPort { Name = "dns-tcp", Port = listenPort, Protocol = "TCP" },
            ],
        };
    }

    /// <summary>Whether the Service already is what <paramref name="desired"/> says (labels may have more).</summary>
    internal static bool ServiceMatches(V1Service current, V1Service desired) =>
        current.Spec?.ClusterIP == desired.Spec.ClusterIP
        && current.Spec.Selector is not { Count: > 0 }
        && ServiceLabels.All(label => current.Metadata?.Labels is { } labels && labels.TryGetValue(label.Key, out var value) && value == label.Value)
        && PortsMatch(current.Spec.Ports, desired.Spec.Ports);

    internal static bool SliceMatches(V1EndpointSlice current, V1EndpointSlice desired) =>
        current.AddressType == desired.AddressType
        && current.Metadata?.Labels is { } labels
        && desired.Metadata.Labels.All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value)
        && (current.Endpoints ?? []).Select(Describe).SequenceEqual(desired.Endpoints.Select(Describe), StringComparer.Ordinal)
        && (current.Ports ?? []).Select(port => $"{port.Name}/{port.Protocol}/{port.Port}").SequenceEqual(desired.Ports.Select(port => $"{port.Name}/{port.Protocol}/{port.Port}"), StringComparer.Ordinal);

    private static bool PortsMatch(IList<V1ServicePort>? current, IList<V1ServicePort> desired) =>
        current is not null
        && current.Select(port => $"{port.Name}/{port.Protocol}/{port.Port}/{port.TargetPort?.Value}")
            .SequenceEqual(desired.Select(port => $"{port.Name}/{port.Protocol}/{port.Port}/{port.TargetPort?.Value}"), StringComparer.Ordinal);

    private static string Describe(V1Endpoint endpoint) =>
        $"{string.Join(",", endpoint.Addresses ?? [])}/{endpoint.Conditions?.Ready}";

    private static async Task EnsureServiceAsync(IKubernetes client, V1Service desired, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var current = await ReadAsync(() => client.CoreV1.ReadNamespacedServiceAsync(Name, Namespace, cancellationToken: cancellationToken));
                if (current is null)
                {
                    await client.CoreV1.CreateNamespacedServiceAsync(desired, Namespace, cancellationToken: cancellationToken);
                    return;
                }

                if (current.Spec?.ClusterIP != desired.Spec.ClusterIP)
                {
                    // The cluster IP cannot change: the Service is made again.
                    await client.CoreV1.DeleteNamespacedServiceAsync(Name, Namespace, cancellationToken: cancellationToken);
                    continue;
                }

                if (ServiceMatches(current, desired))
                {
                    return;
                }

                // Update in place, keeping what others keep on it (annotations, other labels, the IP families).
                foreach (var (key, value) in ServiceLabels)
                {
                    current.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    current.Metadata.Labels[key] = value;
                }

                current.Spec.Selector = null;
                current.Spec.Ports = desired.Spec.Ports;
                await client.CoreV1.ReplaceNamespacedServiceAsync(current, Name, Namespace, cancellationToken: cancellationToken);
                return;
            }
            catch (HttpOperationException error) when (attempt < Attempts && (ApiFailures.IsConflict(error) || ApiFailures.IsNotFound(error)))
            {
                // Created, changed or deleted meanwhile: look again.
            }
        }

        throw new InvalidOperationException($"cluster DNS: the Service {Namespace}/{Name} kept changing; gave up after {Attempts} attempts");
    }

    private static async Task EnsureSliceAsync(IKubernetes client, V1EndpointSlice desired, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var current = await ReadAsync(() => client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(SliceName, Namespace, cancellationToken: cancellationToken));
                if (current is null)
                {
                    await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(desired, Namespace, cancellationToken: cancellationToken);
                    return;
                }

                if (current.AddressType != desired.AddressType)
                {
                    // addressType is immutable.
                    await client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(SliceName, Namespace, cancellationToken: cancellationToken);
                    continue;
                }

                if (SliceMatches(current, desired))
                {
                    return;
                }

                desired.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
                await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(desired, SliceName, Namespace, cancellationToken: cancellationToken);
                return;
            }
            catch (HttpOperationException error) when (attempt < Attempts && (ApiFailures.IsConflict(error) || ApiFailures.IsNotFound(error)))
            {
                // Created, changed or deleted meanwhile: look again.
            }
        }

        throw new InvalidOperationException($"cluster DNS: the EndpointSlice {Namespace}/{SliceName} kept changing; gave up after {Attempts} attempts");
    }

    /// <summary>The object, or null if there is none.</summary>
    private static async Task<T?> ReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            return null;
        }
    }
}
