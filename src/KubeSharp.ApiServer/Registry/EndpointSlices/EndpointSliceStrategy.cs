using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.EndpointSlices;

/// <summary>discovery.k8s.io/v1 EndpointSlices (pkg/registry/discovery/endpointslice): addresses of one family, with ports, for a Service.</summary>
internal sealed class EndpointSliceStrategy : ResourceStrategy
{
    private const int MaxTopologyLabels = 16;
    private const int MaxAddresses = 100;
    private const int MaxPorts = 100;
    private const int MaxEndpoints = 1000;
    private const int MaxListed = 3;

    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    private static readonly TableDefinition EndpointSliceTable = TableDefinition.NameAge(
        (new TableColumn("AddressType", "string", string.Empty, "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation."),
            (item, _) => item.GetString("addressType") ?? string.Empty),
        (new TableColumn("Ports", "string", string.Empty, "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. Each slice may include a maximum of 100 ports."),
            (item, _) => Listed(item.GetArray("ports").Objects().Select(p => NumberRules.Long(p["port"])?.ToString(CultureInfo.InvariantCulture) ?? p.GetString("name") ?? "*"))),
        (new TableColumn("Endpoints", "string", string.Empty, "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
            (item, _) => Listed(item.GetArray("endpoints").Objects().SelectMany(e => e.GetArray("addresses")?.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty) ?? []))));

    public override bool TracksGeneration => true;

    public override TableDefinition Table => EndpointSliceTable;

    public override void Default(JsonObject item)
    {
        foreach (var port in item.GetArray("ports").Objects())
        {
            port.Default("name", string.Empty);
            port.Default("protocol", "TCP");
        }

        // conditions is a value upstream, so every endpoint has it.
        foreach (var endpoint in item.GetArray("endpoints").Objects())
        {
            endpoint.Ensure("conditions");
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors) => Validate(item, AddressTypes, errors);

    /// <summary>The deprecated "IP" address type is still accepted for slices that have it; the type never changes.</summary>
    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, [.. AddressTypes, "IP"], errors);
        ImmutableFields.Check(item, old, "addressType", errors);
    }

    private static void Validate(JsonObject item, string[] addressTypes, FieldErrors errors)
    {
        var addressType = item.GetString("addressType") ?? string.Empty;
        if (addressType.Length == 0)
        {
            errors.Required("addressType");
        }
        else if (!addressTypes.Contains(addressType))
        {
            errors.NotSupported("addressType", addressType, addressTypes.Order(StringComparer.Ordinal));
        }

        ValidateEndpoints(item.GetArray("endpoints"), addressType, errors);
        ValidatePorts(item.GetArray("ports"), errors);
    }

    private static void ValidateEndpoints(JsonArray? endpoints, string addressType, FieldErrors errors)
    {
        if (endpoints is null)
        {
            return;
        }

        if (endpoints.Count > MaxEndpoints)
        {
            errors.TooMany("endpoints", endpoints.Count, MaxEndpoints);
            return;
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i] as JsonObject ?? new JsonObject();
            var path = $"endpoints[{i}]";
            var addresses = endpoint.GetArray("addresses") ?? [];
            if (addresses.Count == 0)
            {
                errors.Required(path + ".addresses", "must contain at least 1 address");
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.TooMany(path + ".addresses", addresses.Count, MaxAddresses);
            }

            for (var j = 0; j < addresses.Count; j++)
            {
                var address = addresses[j] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
                ValidateAddress(address, addressType, $"{path}.addresses[{j}]", errors);
            }

            if (endpoint.GetString("nodeName") is { } nodeName && ObjectNames.Dns1123SubdomainError(nodeName) is { } nodeProblem)
            {
                errors.Invalid(path + ".nodeName", nodeName, nodeProblem);
            }

            if (endpoint.GetObject("deprecatedTopology") is { } topology)
            {
                if (topology.Count > MaxTopologyLabels)
                {
                    errors.TooMany(path + ".deprecatedTopology", topology.Count, MaxTopologyLabels);
                }

                LabelSelectors.ValidateLabels(topology, path + ".deprecatedTopology", errors);
            }

            if (endpoint.GetString("hostname") is { } hostname && ObjectNames.Dns1123LabelError(hostname) is { } hostnameProblem)
            {
                errors.Invalid(path + ".hostname", hostname, hostnameProblem);
            }
        }
    }

    /// <summary>Each address must be of the slice's type; addresses of unknown types are not checked.</summary>
    private static void ValidateAddress(string address, string addressType, string path, FieldErrors errors)
    {
        switch (addressType)
        {
            case "IP":
                if (IpAddresses.Parse(address) is null)
                {
                    errors.Invalid(path, address, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
                }

                break;
            case "IPv4":
                if (IpAddresses.Parse(address)?.AddressFamily != AddressFamily.InterNetwork)
                {
                    errors.Invalid(path, address, "must be a valid IPv4 address");
                }

                break;
            case "IPv6":
                if (IpAddresses.Parse(address) is not { AddressFamily: AddressFamily.InterNetworkV6 } ip || ip.IsIPv4MappedToIPv6)
                {
                    errors.Invalid(path, address, "must be a valid IPv6 address");
                }

                break;
            case "FQDN":
                FormatRules.ValidateFullyQualifiedDomainName(address, path, errors);
                break;
        }
    }

    private static void ValidatePorts(JsonArray? ports, FieldErrors errors)
    {
        if (ports is null)
        {
            return;
        }

        if (ports.Count > MaxPorts)
        {
            errors.TooMany("ports", ports.Count, MaxPorts);
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i] as JsonObject ?? new JsonObject();
            var path = $"ports[{i}]";
            var name = port.GetString("name") ?? string.Empty;
            if (name.Length > 0 && ObjectNames.Dns1123LabelError(name) is { } nameProblem)
            {
                errors.Invalid(path + ".name", name, nameProblem);
            }

            if (!names.Add(name))
            {
                errors.Duplicate(path + ".name", name);
            }

            if (port.GetString("protocol") is not { } protocol)
            {
                errors.Required(path + ".protocol");
            }
            else if (!Protocols.Contains(protocol))
            {
                errors.NotSupported(path + ".protocol", protocol, Protocols);
            }

            if (port.GetString("appProtocol") is { } appProtocol && ObjectNames.QualifiedNameError(appProtocol) is { } appProblem)
            {
                errors.Invalid(path + ".appProtocol", appProtocol, appProblem);
            }
        }
    }

    /// <summary>The first three entries and how many more (printers.go's Ports and Endpoints cells).</summary>
    private static string Listed(IEnumerable<string> entries)
    {
        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var entry in entries)
        {
            if (list.Count < MaxListed)
            {
                list.Add(entry);
            }
            else
            {
                more = true;
            }

            count++;
        }

        return WorkloadCells.ListWithMore(list, more, count, MaxListed);
    }
}
