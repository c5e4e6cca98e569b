using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// endpointSubsetsEqualIgnoreResourceVersion: subsets compared field by field, ignoring the target
/// references' resourceVersion (a pod's unrelated updates must not rewrite its Endpoints); missing
/// lists and strings equal empty ones, as in Go.
/// </summary>
internal static class EndpointsComparison
{
    public static bool SubsetsEqual(IList<V1EndpointSubset>? a, IList<V1EndpointSubset>? b) =>
        ListsEqual(a, b, (x, y) =>
            ListsEqual(x.Addresses, y.Addresses, AddressesEqual)
            && ListsEqual(x.NotReadyAddresses, y.NotReadyAddresses, AddressesEqual)
            && ListsEqual(x.Ports, y.Ports, PortsEqual));

    private static bool AddressesEqual(V1EndpointAddress a, V1EndpointAddress b) =>
        ObjectReferences.Same(a.Ip, b.Ip)
        && ObjectReferences.Same(a.Hostname, b.Hostname)
        && ObjectReferences.Same(a.NodeName, b.NodeName)
        && ObjectReferences.EqualIgnoringResourceVersion(a.TargetRef, b.TargetRef);

    private static bool PortsEqual(Corev1EndpointPort a, Corev1EndpointPort b) =>
        ObjectReferences.Same(a.Name, b.Name)
        && a.Port == b.Port
        && ObjectReferences.Same(a.Protocol, b.Protocol)
        && a.AppProtocol == b.AppProtocol;

    private static bool ListsEqual<T>(IList<T>? a, IList<T>? b, Func<T, T, bool> equal)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (!equal(a![i], b![i]))
            {
                return false;
            }
        }

        return true;
    }
}
