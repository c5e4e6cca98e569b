using k8s.Models;

namespace KubeSharp.Kubelet.Pods.Environment;

/// <summary>
/// A pod's hostname and domain (upstream's GeneratePodHostNameAndDomain): spec.hostname or the pod
/// name, cut to 63 characters without a trailing '-' or '.'; with spec.subdomain the domain is
/// <c>subdomain.namespace.svc.clusterDomain</c>, else empty.
/// </summary>
internal static class PodHostname
{
    private const int MaxLength = 63;

    public static (string Hostname, string Domain) For(V1Pod pod, string clusterDomain)
    {
        var hostname = pod.Spec?.Hostname is { Length: > 0 } requested ? requested : pod.Metadata?.Name ?? string.Empty;
        if (hostname.Length > MaxLength)
        {
            hostname = hostname[..MaxLength].TrimEnd('-', '.');
        }

        var domain = pod.Spec?.Subdomain is { Length: > 0 } subdomain
            ? $"{subdomain}.{pod.Metadata?.NamespaceProperty}.svc.{clusterDomain}"
            : string.Empty;
        return (hostname, domain);
    }
}
