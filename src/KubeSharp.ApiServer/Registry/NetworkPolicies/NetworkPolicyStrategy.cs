using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.NetworkPolicies;

/// <summary>networking.k8s.io/v1 NetworkPolicies (pkg/registry/networking/networkpolicy): ingress and egress rules for the pods a selector picks.</summary>
internal sealed class NetworkPolicyStrategy : ResourceStrategy
{
    private static readonly string[] Directions = ["ingress", "egress"];
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];

    private static readonly TableDefinition NetworkPolicyTable = TableDefinition.NameAge(
        (new TableColumn("Pod-Selector", "string", string.Empty, "podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in the policy's namespace. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is optional. If it is not specified, it defaults to an empty selector."),
            (item, _) => WorkloadCells.FormatSelector(item.GetObject("spec.podSelector") ?? new JsonObject())));

    public override bool TracksGeneration => true;

    public override TableDefinition Table => NetworkPolicyTable;

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");

        // podSelector is a value upstream, so it is always there ({} selects every pod).
        spec.Ensure("podSelector");
        if ((spec.GetArray("policyTypes")?.Count ?? 0) == 0)
        {
            spec["policyTypes"] = (spec.GetArray("egress")?.Count ?? 0) == 0 ? new JsonArray("Ingress") : new JsonArray("Ingress", "Egress");
        }

        foreach (var direction in Directions)
        {
            foreach (var rule in spec.GetArray(direction).Objects())
            {
                foreach (var port in rule.GetArray("ports").Objects())
                {
                    port.Default("protocol", "TCP");
                }
            }
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item.GetObject("spec") ?? new JsonObject();
        LabelSelectors.Validate(spec.GetObject("podSelector"), "spec.podSelector", errors);
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var rules = spec.GetArray(direction).Objects().ToList();
            for (var i = 0; i < rules.Count; i++)
            {
                var ports = rules[i].GetArray("ports").Objects().ToList();
                for (var j = 0; j < ports.Count; j++)
                {
                    ValidatePort(ports[j], $"spec.{direction}[{i}].ports[{j}]", errors);
                }

                var peerList = rules[i].GetArray(peers).Objects().ToList();
                for (var j = 0; j < peerList.Count; j++)
                {
                    ValidatePeer(peerList[j], $"spec.{direction}[{i}].{peers}[{j}]", errors);
                }
            }
        }

        ValidatePolicyTypes(spec.GetArray("policyTypes"), errors);
    }

    private static void ValidatePort(JsonObject port, string path, FieldErrors errors)
    {
        if (port.GetString("protocol") is { } protocol && !Protocols.Contains(protocol))
        {
            errors.NotSupported(path + ".protocol", protocol, Protocols);
        }

        var endPort = NumberRules.Long(port["endPort"]);
        if (port["port"] is not JsonValue value)
        {
            if (endPort is not null)
            {
                errors.Invalid(path + ".endPort", endPort, "may not be specified when `port` is not specified");
            }
        }
        else if (NumberRules.Long(value) is { } number)
        {
            if (FormatRules.PortNumberError(number) is { } problem)
            {
                errors.Invalid(path + ".port", number, problem);
            }

            if (endPort is { } end)
            {
                if (end < number)
                {
                    errors.Invalid(path + ".endPort", end, "must be greater than or equal to `port`");
                }

                if (FormatRules.PortNumberError(end) is { } endProblem)
                {
                    errors.Invalid(path + ".endPort", end, endProblem);
                }
            }
        }
        else
        {
            if (endPort is not null)
            {
                errors.Invalid(path + ".endPort", endPort, "may not be specified when `port` is non-numeric");
            }

            var name = value.TryGetValue<string>(out var text) ? text : string.Empty;
            foreach (var problem in FormatRules.PortNameErrors(name))
            {
                errors.Invalid(path + ".port", name, problem);
            }
        }
    }

    /// <summary>A peer is one of: pods and/or namespaces by selector, or an IP block.</summary>
    private static void ValidatePeer(JsonObject peer, string path, FieldErrors errors)
    {
        var count = 0;
        foreach (var selectorField in new[] { "podSelector", "namespaceSelector" })
        {
            if (peer.GetObject(selectorField) is { } selector)
            {
                count++;
                LabelSelectors.Validate(selector, $"{path}.{selectorField}", errors);
            }
        }

        var ipBlock = peer.GetObject("ipBlock");
        if (ipBlock is not null)
        {
            count++;
            ValidateIpBlock(ipBlock, path + ".ipBlock", errors);
        }

        if (count == 0)
        {
            errors.Required(path, "must specify a peer");
        }
        else if (count > 1 && ipBlock is not null)
        {
            errors.Forbidden(path, "may not specify both ipBlock and another peer");
        }
    }

    /// <summary>ValidateIPBlock: a CIDR, and exceptions strictly inside it.</summary>
    private static void ValidateIpBlock(JsonObject ipBlock, string path, FieldErrors errors)
    {
        const string CidrMessage = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
        var cidr = ipBlock.GetString("cidr") ?? string.Empty;
        if (cidr.Length == 0)
        {
            errors.Required(path + ".cidr");
            return;
        }

        if (FormatRules.ParseCidr(cidr) is not { } network)
        {
            errors.Invalid(path + ".cidr", cidr, CidrMessage);
            return;
        }

        var except = ipBlock.GetArray("except");
        for (var i = 0; i < (except?.Count ?? 0); i++)
        {
            var text = except![i] is JsonValue value && value.TryGetValue<string>(out var s) ? s : string.Empty;
            if (FormatRules.ParseCidr(text) is not { } excluded)
            {
                errors.Invalid($"{path}.except[{i}]", text, CidrMessage);
            }
            else if (!FormatRules.IsStrictSubset(network, excluded))
            {
                errors.Invalid($"{path}.except[{i}]", text, "must be a strict subset of `cidr`");
            }
        }
    }

    private static void ValidatePolicyTypes(JsonArray? policyTypes, FieldErrors errors)
    {
        var types = policyTypes?.Select(t => t is JsonValue value && value.TryGetValue<string>(out var s) ? s : string.Empty).ToList() ?? [];
        if (types.Count > PolicyTypes.Length)
        {
            GoValues.Invalid(errors, "spec.policyTypes", $"[]networking.PolicyType{{{string.Join(", ", types.Select(GoValues.Quote))}}}", "may not specify more than two policyTypes");
            return;
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (!PolicyTypes.Contains(types[i]))
            {
                errors.NotSupported($"spec.policyTypes[{i}]", types[i], PolicyTypes);
            }
        }
    }
}
