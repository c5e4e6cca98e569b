using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// The subsets a Service's Endpoints should have (syncService's loop): one address per pod, ready
/// or not ready (all ready when publishNotReadyAddresses), on every Service port the pod has a
/// target for, repacked. Terminating pods are left out unless publishNotReadyAddresses asks for them.
/// </summary>
internal static class EndpointSubsets
{
    public static List<V1EndpointSubset> For(V1Service service, IEnumerable<V1Pod> pods)
    {
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var subsets = new List<V1EndpointSubset>();
        foreach (var pod in pods)
        {
            if (!EndpointPods.ShouldBeInEndpoints(pod, includeTerminating: publishNotReady) || EndpointAddresses.For(service, pod) is not { } address)
            {
                continue;
            }

            var ready = publishNotReady || PodStates.IsReady(pod);
            if (service.Spec?.Ports is not { Count: > 0 } ports)
            {
                // A headless Service may have no ports: its addresses are published alone.
                if (service.Spec?.ClusterIP == HeadlessServices.ClusterIpNone)
                {
                    subsets.Add(Subset(address, null, ready));
                }

                continue;
            }

            foreach (var servicePort in ports)
            {
                // A pod without a port of that name is not an endpoint of that port.
                if (TargetPorts.Find(pod, servicePort) is { } number)
                {
                    subsets.Add(Subset(address, PortFor(servicePort, number), ready));
                }
            }
        }

        return SubsetRepacker.Repack(subsets);
    }

    /// <summary>endpointPortFromServicePort.</summary>
    private static Corev1EndpointPort PortFor(V1ServicePort servicePort, int number) => new()
    {
        Name = string.IsNullOrEmpty(servicePort.Name) ? null : servicePort.Name,
        Port = number,
        Protocol = servicePort.Protocol ?? "TCP",
        AppProtocol = servicePort.AppProtocol,
    };

    private static V1EndpointSubset Subset(V1EndpointAddress address, Corev1EndpointPort? port, bool ready) => new()
    {
        Addresses = ready ? [address] : null,
        NotReadyAddresses = ready ? null : [address],
        Ports = port is null ? null : [port],
    };
}
