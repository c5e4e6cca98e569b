using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers.Shared;

/// <summary>
/// Which Services a pod event concerns (GetPodServiceMemberships, GetServicesToUpdateOnPodChange):
/// those selecting the pod, and on a label change those that stopped or started selecting it.
/// </summary>
internal static class ServiceMembership
{
    /// <summary>Keys of the Services in the pod's namespace whose selector matches it.</summary>
    public static HashSet<string> Selecting(Indexer<V1Service> services, V1Pod pod)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services.ByIndex(Indexer<V1Service>.NamespaceIndex, pod.Metadata?.NamespaceProperty ?? string.Empty))
        {
            if (ServiceSelectors.Selects(service, pod))
            {
                keys.Add(ObjectKeys.Of(service));
            }
        }

        return keys;
    }

    /// <summary>Keys of the Services whose endpoints a pod update may change.</summary>
    public static IReadOnlyCollection<string> ToUpdate(Indexer<V1Service> services, V1Pod old, V1Pod current)
    {
        if (old.Metadata?.ResourceVersion == current.Metadata?.ResourceVersion)
        {
            // A resync, not a change: the Services are resynced themselves.
            return [];
        }

        var (podChanged, labelsChanged) = EndpointPods.Changes(old, current);
        if (!podChanged && !labelsChanged)
        {
            return [];
        }

        var keys = Selecting(services, current);
        if (labelsChanged)
        {
            var before = Selecting(services, old);
            if (podChanged)
            {
                keys.UnionWith(before);
            }
            else
            {
                // Only membership changed: the Services on both sides are unaffected.
                keys.SymmetricExceptWith(before);
            }
        }

        return keys;
    }
}
