using k8s.Models;
using KubeSharp.Controllers.Shared;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// setEndpointSliceLabels: a slice carries its Service's labels plus the reserved ones (service
/// name, managed-by, headless). Only a change of the Service's own labels makes a slice need an update.
/// </summary>
internal static class SliceLabels
{
    /// <summary>discovery.LabelServiceName.</summary>
    public const string ServiceName = "kubernetes.io/service-name";

    /// <summary>discovery.LabelManagedBy.</summary>
    public const string ManagedBy = "endpointslice.kubernetes.io/managed-by";

    /// <summary>The managed-by value of slices this controller owns (controllerQualifiedName).</summary>
    public const string ControllerName = "endpointslice-controller.k8s.io";

    public static bool IsReserved(string key) => key is ServiceName or ManagedBy or HeadlessServices.Label;

    /// <summary>The labels the slice should have, and whether the Service's labels differ from the slice's.</summary>
    public static (Dictionary<string, string> Labels, bool Changed) For(V1EndpointSlice slice, V1Service service)
    {
        var sliceLabels = Unreserved(slice.Metadata?.Labels);
        var labels = Unreserved(service.Metadata?.Labels);
        var changed = !StringMaps.Equal(sliceLabels, labels);
        if (!HeadlessServices.IsServiceIpSet(service))
        {
            labels[HeadlessServices.Label] = string.Empty;
        }

        labels[ServiceName] = service.Metadata!.Name;
        labels[ManagedBy] = ControllerName;
        return (labels, changed);
    }

    public static bool IsManagedByController(V1EndpointSlice slice) =>
        slice.Metadata?.Labels is { } labels && labels.TryGetValue(ManagedBy, out var value) && value == ControllerName;

    /// <summary>The key of the Service a slice belongs to (ServiceControllerKey); null without the service-name label.</summary>
    public static string? ServiceKey(V1EndpointSlice slice) =>
        slice.Metadata?.Labels is { } labels && labels.TryGetValue(ServiceName, out var name) && name.Length > 0
            ? $"{slice.Metadata.NamespaceProperty}/{name}"
            : null;

    private static Dictionary<string, string> Unreserved(IDictionary<string, string>? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!IsReserved(key))
            {
                result[key] = value;
            }
        }

        return result;
    }
}
