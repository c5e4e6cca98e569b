using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>What the controller reads from a Service's spec and metadata.</summary>
internal static class LoadBalancerServices
{
    /// <summary>Oldest first (creationTimestamp, then namespace/name): who keeps an address two Services claim.</summary>
    public static readonly IComparer<V1Service> OlderFirst = Comparer<V1Service>.Create((a, b) =>
    {
        var byAge = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return byAge != 0 ? byAge : string.CompareOrdinal(ObjectKeys.Of(a), ObjectKeys.Of(b));
    });

    /// <summary>A LoadBalancer Service of this controller's class, or of no class (the default implementation's).</summary>
    public static bool Handles(V1Service service) =>
        service.Spec is { Type: "LoadBalancer" } spec
        && (string.IsNullOrEmpty(spec.LoadBalancerClass) || spec.LoadBalancerClass == ServiceLbController.LoadBalancerClass);

    /// <summary>The address asked for: the annotation, else the deprecated spec.loadBalancerIP; null for any.</summary>
    public static string? RequestedIp(V1Service service)
    {
        if (service.Metadata.Annotations?.TryGetValue(ServiceLbController.LoadBalancerIpAnnotation, out var annotated) == true && !string.IsNullOrWhiteSpace(annotated))
        {
            return annotated.Trim();
        }

        var fromSpec = service.Spec?.LoadBalancerIP;
        return string.IsNullOrWhiteSpace(fromSpec) ? null : fromSpec.Trim();
    }
}
