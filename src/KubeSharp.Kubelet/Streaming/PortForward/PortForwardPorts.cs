using System.Globalization;

namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>
/// The ports of a WebSocket port-forward (upstream's NewV4Options): query parameter <c>port</c>, repeated
/// and/or comma-separated. <c>ports</c>, the API server's name that the C# client sends and our API server
/// passes through, counts the same.
/// </summary>
internal static class PortForwardPorts
{
    /// <summary>Each port takes two channels and a channel is one byte.</summary>
    public const int MaxPorts = 128;

    public static bool TryParse(IEnumerable<string?> values, out IReadOnlyList<ushort> ports, out string problem)
    {
        var parsed = new List<ushort>();
        ports = parsed;
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                problem = "query parameter \"port\" cannot be empty";
                return false;
            }

            foreach (var part in value.Split(','))
            {
                if (!PortNumbers.TryParse(part, out var port, out var error))
                {
                    problem = $"unable to parse {PortForwardMessages.Quote(value)} as a port: {error}";
                    return false;
                }

                if (port < 1)
                {
                    problem = $"port {PortForwardMessages.Quote(value)} must be > 0";
                    return false;
                }

                parsed.Add(port);
            }
        }

        if (parsed.Count == 0)
        {
            problem = "query parameter \"port\" is required";
            return false;
        }

        if (parsed.Count > MaxPorts)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"at most {MaxPorts} ports can be forwarded over one WebSocket");
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
