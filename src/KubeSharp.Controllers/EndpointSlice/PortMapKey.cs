using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// NewPortMapKey: slices are grouped by their exact set of ports (order aside); pods serving
/// different ports (a named port some lack) go to different slices.
/// </summary>
internal static class PortMapKey
{
    public static string Of(IEnumerable<Discoveryv1EndpointPort>? ports) =>
        string.Join(";", (ports ?? []).Select(port => $"{port.Name}/{port.Port}/{port.Protocol}/{port.AppProtocol}").Order(StringComparer.Ordinal));
}
