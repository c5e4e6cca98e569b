using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>Which pods endpoints are made of, and which pod changes can change them (k8s.io/endpointslice/util).</summary>
internal static class EndpointPods
{
    /// <summary>
    /// ShouldPodBeInEndpoints: not finished (Succeeded or Failed), has an address, and is not being
    /// deleted unless terminating pods are asked for.
    /// </summary>
    public static bool ShouldBeInEndpoints(V1Pod pod, bool includeTerminating)
    {
        if (PodStates.IsTerminal(pod))
        {
            return false;
        }

        if (string.IsNullOrEmpty(pod.Status?.PodIP) && pod.Status?.PodIPs is not { Count: > 0 })
        {
            return false;
        }

        return includeTerminating || pod.Metadata?.DeletionTimestamp is null;
    }

    /// <summary>ShouldSetHostname: a pod with a hostname in the Service's subdomain is published under it.</summary>
    public static bool ShouldSetHostname(V1Pod pod, V1Service service) =>
        !string.IsNullOrEmpty(pod.Spec?.Hostname)
        && pod.Spec.Subdomain == service.Metadata?.Name
        && service.Metadata?.NamespaceProperty == pod.Metadata?.NamespaceProperty;

    /// <summary>
    /// podEndpointsChanged: whether the pod changed in a way that changes its endpoint (deletion,
    /// readiness, addresses), and whether it changed in a way that changes which Services select it.
    /// </summary>
    public static (bool PodChanged, bool LabelsChanged) Changes(V1Pod old, V1Pod current)
    {
        var labelsChanged = !StringMaps.Equal(old.Metadata?.Labels, current.Metadata?.Labels)
            || old.Spec?.Hostname != current.Spec?.Hostname
            || old.Spec?.Subdomain != current.Spec?.Subdomain;
        if (old.Metadata?.DeletionTimestamp != current.Metadata?.DeletionTimestamp
            || PodStates.IsReady(old) != PodStates.IsReady(current)
            || !PodIps.Of(old).SequenceEqual(PodIps.Of(current), StringComparer.Ordinal))
        {
            return (true, labelsChanged);
        }

        // Name, namespace, UID and node name are fixed before a pod has an address.
        return (false, labelsChanged);
    }
}
