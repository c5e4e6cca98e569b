using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>A probe's port, a number or the name of one of the container's ports (upstream's probe.ResolveContainerPort).</summary>
internal static class ContainerPorts
{
    /// <summary>The port number, or upstream's error: <c>port "http" not found</c>, <c>invalid port number: 0</c>.</summary>
    public static bool TryResolve(IntOrString? value, V1Container container, out int port, [NotNullWhen(false)] out string? error)
    {
        // An unset port is Go's zero IntOrString, the number 0. The client keeps a number as its text,
        // and a port name always has a letter, so digits are a number.
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            port = 0;
        }
        else if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out port))
        {
            var named = (container.Ports ?? []).FirstOrDefault(p => string.Equals(p.Name, text, StringComparison.Ordinal));
            if (named is null)
            {
                error = $"port \"{text}\" not found";
                return false;
            }

            port = named.ContainerPort;
        }

        if (port is > 0 and < 65536)
        {
            error = null;
            return true;
        }

        error = string.Create(CultureInfo.InvariantCulture, $"invalid port number: {port}");
        return false;
    }
}
