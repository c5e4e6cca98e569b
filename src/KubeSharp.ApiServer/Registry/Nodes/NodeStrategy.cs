using System.Text.Json;
using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Nodes;

/// <summary>
/// Nodes (upstream's pkg/registry/core/node): a status allowed on create, allocatable defaulted
/// from capacity, the not-ready taint of the TaintNodesByCondition admission plugin, taint and
/// pod CIDR validation, and kubectl's node table.
/// </summary>
internal sealed class NodeStrategy : ResourceStrategy
{
    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => NodeTable.Definition;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "spec.unschedulable" };

    public override void Default(JsonObject item)
    {
        if (item["status"] is JsonObject status && status["allocatable"] is null && status["capacity"] is JsonObject capacity)
        {
            status["allocatable"] = capacity.DeepClone();
        }
    }

    /// <summary>Unlike most resources a node may be created with its status; the deprecated dynamic kubelet config is dropped.</summary>
    public override void PrepareForCreate(JsonObject item)
    {
        (item["spec"] as JsonObject)?.Remove("configSource");
        (item["status"] as JsonObject)?.Remove("config");

        // TaintNodesByCondition: a new node is not ready until its kubelet says so.
        var spec = item.Ensure("spec");
        if (spec["taints"] is not JsonArray taints)
        {
            taints = [];
            spec["taints"] = taints;
        }

        if (!taints.Objects().Any(t => Text(t["key"]) == "node.kubernetes.io/not-ready" && Text(t["effect"]) == "NoSchedule"))
        {
            taints.Add(new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["effect"] = "NoSchedule" });
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        Taints(errors, item);
        Resources(errors, item);
        var cidrs = Texts(item.Get("spec.podCIDRs"));
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!IpAddresses.IsValidCidr(cidrs[i]))
            {
                errors.Invalid($"spec.podCIDRs[{i}]", cidrs[i], IpAddresses.InvalidCidrMessage);
            }
        }

        if (cidrs.Count > 1 && cidrs.All(IpAddresses.IsValidCidr))
        {
            var families = cidrs.Select(c => IpAddresses.Family(c[..c.IndexOf('/', StringComparison.Ordinal)])).ToList();
            if (cidrs.Count > 2 || families[0] == families[1])
            {
                FieldRules.InvalidRaw(errors, "spec.podCIDRs", FieldRules.GoStrings(cidrs), "may specify no more than one CIDR for each IP family");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < cidrs.Count; i++)
            {
                if (!seen.Add(cidrs[i]))
                {
                    errors.Duplicate($"spec.podCIDRs[{i}]", cidrs[i]);
                }
            }
        }
    }

    /// <summary>ValidateNodeUpdate: taints and resources again, unique addresses, and pod CIDRs, providerID and externalID set once.</summary>
    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Resources(errors, item);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var address in item.GetArray("status.addresses").Objects())
        {
            if (!seen.Add($"{Text(address["type"])}\n{Text(address["address"])}"))
            {
                errors.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: core.NodeAddress{{Type:{JsonSerializer.Serialize(Text(address["type"]))}, Address:{JsonSerializer.Serialize(Text(address["address"]))}}}", $"status.addresses[{index}]"));
            }

            index++;
        }

        var oldCidrs = Texts(old.Get("spec.podCIDRs"));
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(Texts(item.Get("spec.podCIDRs"))))
        {
            errors.Forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid");
        }

        if (old.GetString("spec.providerID") is { Length: > 0 } providerId && providerId != item.GetString("spec.providerID"))
        {
            errors.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid");
        }

        Taints(errors, item);
        if (item.GetString("spec.externalID") != old.GetString("spec.externalID"))
        {
            errors.Forbidden("spec.externalID", "may not be updated");
        }
    }

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["spec.unschedulable"] = item.GetBool("spec.unschedulable") == true ? "true" : "false",
    };

    /// <summary>validateNodeTaints, reported under metadata.taints as upstream does.</summary>
    private static void Taints(FieldErrors errors, JsonObject node)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var taint in node.GetArray("spec.taints").Objects())
        {
            var at = $"metadata.taints[{index++}]";
            var key = Text(taint["key"]) ?? string.Empty;
            var value = Text(taint["value"]) ?? string.Empty;
            var effect = Text(taint["effect"]) ?? string.Empty;
            FieldRules.QualifiedName(errors, at + ".key", key);
            if (ObjectNames.LabelValueError(value) is { } problem)
            {
                errors.Invalid(at + ".value", value, problem);
            }

            if (effect.Length == 0)
            {
                errors.Required(at + ".effect");
            }
            else
            {
                SchedulingRules.TaintEffect(errors, at + ".effect", effect);
            }

            if (!seen.Add(effect + "\n" + key))
            {
                var printed = $"core.Taint{{Key:{JsonSerializer.Serialize(key)}, Value:{JsonSerializer.Serialize(value)}, Effect:{JsonSerializer.Serialize(effect)}, TimeAdded:(*v1.Time)(nil)}}";
                errors.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: {printed}: taints must be unique by key and effect pair", at));
            }
        }
    }

    /// <summary>ValidateNodeResources: capacity and allocatable quantities (at dotted paths, as upstream).</summary>
    private static void Resources(FieldErrors errors, JsonObject node)
    {
        foreach (var list in new[] { "capacity", "allocatable" })
        {
            foreach (var (name, quantity) in (node.GetObject("status." + list) ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ResourceNames.ValidateQuantity(errors, $"status.{list}.{name}", name, quantity);
            }
        }
    }
}
