using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>
/// Which backends a service proxy request may go to, as upstream's service ResourceLocation chooses:
/// the requested service port (by number, or by name) gives a port name, and every ready endpoint
/// address with an endpoint port of that name is a candidate, at that port (the target port).
/// </summary>
internal static class ServiceEndpoints
{
    /// <summary>
    /// The name of the service port asked for: a number is looked up among the service's ports (503
    /// when none has it, as upstream); a name is taken as it is. With no port asked, the unnamed port,
    /// or the only port of a one-port service whatever its name (upstream insists on the name).
    /// </summary>
    public static string PortName(JsonObject service, string requested)
    {
        var ports = service.GetArray("spec.ports").Objects().ToList();
        if (requested.Length == 0)
        {
            return ports.Count == 1 ? ports[0].GetString("name") ?? string.Empty : string.Empty;
        }

        if (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return requested;
        }

        var port = ports.FirstOrDefault(p => p.GetInt64("port") == number)
            ?? throw ApiErrors.ServiceUnavailable($"no service port {number} found for service \"{service.GetString("metadata.name")}\"");
        return port.GetString("name") ?? string.Empty;
    }

    /// <summary>Ready endpoints of IP address slices that serve the port name (a nil ready condition counts as ready).</summary>
    public static List<(string Address, int Port)> FromSlices(IEnumerable<JsonObject> slices, string portName)
    {
        var found = new List<(string, int)>();
        foreach (var slice in slices)
        {
            if (slice.GetString("addressType") is not ("IPv4" or "IPv6") || Port(slice.GetArray("ports"), portName) is not { } port)
            {
                continue;
            }

            foreach (var endpoint in slice.GetArray("endpoints").Objects())
            {
                if (endpoint.GetBool("conditions.ready") != false && FirstAddress(endpoint) is { } address)
                {
                    found.Add((address, port));
                }
            }
        }

        return found;
    }

    /// <summary>The ready addresses of the Endpoints' subsets that serve the port name (for services that have no slices).</summary>
    public static List<(string Address, int Port)> FromEndpoints(JsonObject endpoints, string portName)
    {
        var found = new List<(string, int)>();
        foreach (var subset in endpoints.GetArray("subsets").Objects())
        {
            if (Port(subset.GetArray("ports"), portName) is not { } port)
            {
                continue;
            }

            foreach (var address in subset.GetArray("addresses").Objects())
            {
                if (address.GetString("ip") is { Length: > 0 } ip)
                {
                    found.Add((ip, port));
                }
            }
        }

        return found;
    }

    private static string? FirstAddress(JsonObject endpoint) =>
        endpoint.GetArray("addresses") is { Count: > 0 } addresses && addresses[0] is JsonValue first
            && first.TryGetValue<string>(out var address) && address.Length > 0
            ? address
            : null;

    private static int? Port(JsonArray? ports, string portName) =>
        ports.Objects().FirstOrDefault(p => (p.GetString("name") ?? string.Empty) == portName)?.GetInt64("port") is { } port and > 0 and <= 65535
            ? (int)port
            : null;
}
