using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Endpoints;

/// <summary>Endpoints (upstream's pkg/registry/core/endpoint): TCP ports by default, and validated subsets.</summary>
internal sealed class EndpointsStrategy : ResourceStrategy
{
    public override TableDefinition Table => EndpointsTable.Definition;

    public override void Default(JsonObject item)
    {
        foreach (var subset in (item["subsets"] as JsonArray).Objects())
        {
            foreach (var port in (subset["ports"] as JsonArray).Objects())
            {
                DefaultText(port, "protocol", "TCP");
            }
        }
    }

    /// <summary>validateEndpointSubsets.</summary>
    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var index = 0;
        foreach (var subset in (item["subsets"] as JsonArray).Objects())
        {
            var at = $"subsets[{index++}]";
            var addresses = (subset["addresses"] as JsonArray).Objects().ToList();
            var notReady = (subset["notReadyAddresses"] as JsonArray).Objects().ToList();
            if (addresses.Count == 0 && notReady.Count == 0)
            {
                errors.Required(at, "must specify `addresses` or `notReadyAddresses`");
            }

            for (var i = 0; i < addresses.Count; i++)
            {
                Address(errors, $"{at}.addresses[{i}]", addresses[i]);
            }

            for (var i = 0; i < notReady.Count; i++)
            {
                Address(errors, $"{at}.notReadyAddresses[{i}]", notReady[i]);
            }

            var ports = (subset["ports"] as JsonArray).Objects().ToList();
            for (var i = 0; i < ports.Count; i++)
            {
                Port(errors, $"{at}.ports[{i}]", ports[i], ports.Count > 1);
            }
        }
    }

    private static void Address(FieldErrors errors, string field, JsonObject address)
    {
        var ip = Text(address["ip"]) ?? string.Empty;
        IpAddresses.Validate(errors, field + ".ip", ip);
        if (Text(address["hostname"]) is { Length: > 0 } hostname)
        {
            FieldRules.Dns1123Label(errors, field + ".hostname", hostname);
        }

        if (Text(address["nodeName"]) is { } nodeName)
        {
            FieldRules.Dns1123Subdomain(errors, field + ".nodeName", nodeName);
        }

        IpAddresses.NonSpecial(errors, field + ".ip", ip);
    }

    private static void Port(FieldErrors errors, string field, JsonObject port, bool requireName)
    {
        var name = Text(port["name"]) ?? string.Empty;
        if (requireName && name.Length == 0)
        {
            errors.Required(field + ".name");
        }
        else if (name.Length > 0)
        {
            FieldRules.Dns1123Label(errors, field + ".name", name);
        }

        FieldRules.Port(errors, field + ".port", Number(port["port"]) ?? 0);
        ContainerRules.Protocol(errors, field + ".protocol", Text(port["protocol"]) ?? string.Empty);
        if (Text(port["appProtocol"]) is { } appProtocol)
        {
            FieldRules.QualifiedName(errors, field + ".appProtocol", appProtocol);
        }
    }
}
