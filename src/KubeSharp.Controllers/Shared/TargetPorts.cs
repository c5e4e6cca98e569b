using System.Globalization;
using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>
/// FindPort: the pod port a Service port sends to. A numeric targetPort is used as it is; a named one
/// is looked up among the pod's container ports (and its sidecars') with the same protocol.
/// </summary>
internal static class TargetPorts
{
    private const string DefaultProtocol = "TCP";

    /// <summary>The port number, or null when the pod has no port of that name and protocol.</summary>
    public static int? Find(V1Pod pod, V1ServicePort servicePort)
    {
        var target = servicePort.TargetPort?.Value;
        if (string.IsNullOrEmpty(target))
        {
            // The API server defaults targetPort to port; an unset one means the same.
            return servicePort.Port;
        }

        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            // A port name must contain a letter, so digits are always a number.
            return number;
        }

        var protocol = servicePort.Protocol ?? DefaultProtocol;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            if (Named(container, target, protocol) is { } found)
            {
                return found;
            }
        }

        // Sidecars (init containers that keep running) serve too.
        foreach (var container in pod.Spec?.InitContainers ?? [])
        {
            if (container.RestartPolicy == "Always" && Named(container, target, protocol) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static int? Named(V1Container container, string name, string protocol)
    {
        foreach (var port in container.Ports ?? [])
        {
            if (port.Name == name && (port.Protocol ?? DefaultProtocol) == protocol)
            {
                return port.ContainerPort;
            }
        }

        return null;
    }
}
