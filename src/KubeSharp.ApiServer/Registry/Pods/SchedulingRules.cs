using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>Upstream's validation of a PodSpec's scheduling fields: tolerations, affinity, topology spread constraints.</summary>
internal static class SchedulingRules
{
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>ValidateTolerations.</summary>
    public static void Tolerations(FieldErrors errors, string field, JsonNode? tolerations)
    {
        var index = 0;
        foreach (var toleration in (tolerations as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            var key = Text(toleration["key"]) ?? string.Empty;
            var op = Text(toleration["operator"]) ?? string.Empty;
            var effect = Text(toleration["effect"]) ?? string.Empty;
            var value = Text(toleration["value"]) ?? string.Empty;
            if (key.Length > 0)
            {
                FieldRules.QualifiedName(errors, at + ".key", key);
            }

            if (key.Length == 0 && op != "Exists")
            {
                errors.Invalid(at + ".operator", op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }

            if (toleration["tolerationSeconds"] is not null && effect != "NoExecute")
            {
                errors.Invalid(at + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }

            switch (op)
            {
                case "Equal" or "":
                    if (ObjectNames.LabelValueError(value) is { } problem)
                    {
                        errors.Invalid(at + ".operator", value, problem);
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        errors.Invalid(at + ".operator", toleration.ToJsonString(), "value must be empty when `operator` is 'Exists'");
                    }

                    break;
                default:
                    errors.NotSupported(at + ".operator", op, ["Equal", "Exists"]);
                    break;
            }

            if (effect.Length > 0)
            {
                TaintEffect(errors, at + ".effect", effect);
            }
        }
    }

    /// <summary>validateTaintEffect (with allowEmpty: an empty effect is checked by the caller).</summary>
    public static void TaintEffect(FieldErrors errors, string field, string effect)
    {
        if (!TaintEffects.Contains(effect))
        {
            errors.NotSupported(field, effect, TaintEffects);
        }
    }

    /// <summary>validateAffinity.</summary>
    public static void Affinity(FieldErrors errors, string field, JsonNode? affinity)
    {
        if (affinity is not JsonObject value)
        {
            return;
        }

        if (value["nodeAffinity"] is JsonObject nodeAffinity)
        {
            var at = field + ".nodeAffinity";
            if (nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] is JsonObject required)
            {
                NodeSelector(errors, at + ".requiredDuringSchedulingIgnoredDuringExecution", required);
            }

            var index = 0;
            foreach (var term in (nodeAffinity["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray).Objects())
            {
                var termAt = $"{at}.preferredDuringSchedulingIgnoredDuringExecution[{index++}]";
                Weight(errors, termAt + ".weight", Number(term["weight"]));
                NodeSelectorTerm(errors, termAt + ".preference", term["preference"] as JsonObject ?? []);
            }
        }

        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (value[kind] is not JsonObject podAffinity)
            {
                continue;
            }

            var at = $"{field}.{kind}";
            var index = 0;
            foreach (var term in (podAffinity["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray).Objects())
            {
                PodAffinityTerm(errors, $"{at}.requiredDuringSchedulingIgnoredDuringExecution[{index++}]", term);
            }

            index = 0;
            foreach (var term in (podAffinity["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray).Objects())
            {
                var termAt = $"{at}.preferredDuringSchedulingIgnoredDuringExecution[{index++}]";
                Weight(errors, termAt + ".weight", Number(term["weight"]));
                PodAffinityTerm(errors, termAt + ".podAffinityTerm", term["podAffinityTerm"] as JsonObject ?? []);
            }
        }
    }

    /// <summary>ValidateNodeSelector (a required node affinity, or a PersistentVolume's node affinity).</summary>
    public static void NodeSelector(FieldErrors errors, string field, JsonObject selector)
    {
        var terms = (selector["nodeSelectorTerms"] as JsonArray).Objects().ToList();
        if (terms.Count == 0)
        {
            errors.Required(field + ".nodeSelectorTerms", "must have at least one node selector term");
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            NodeSelectorTerm(errors, $"{field}.nodeSelectorTerms[{i}]", terms[i]);
        }
    }

    /// <summary>validateTopologySpreadConstraints.</summary>
    public static void TopologySpread(FieldErrors errors, string field, JsonNode? constraints)
    {
        var all = (constraints as JsonArray).Objects().ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var constraint = all[i];
            var at = $"{field}[{i}]";
            var maxSkew = Number(constraint["maxSkew"]) ?? 0;
            if (maxSkew <= 0)
            {
                errors.Invalid(at + ".maxSkew", maxSkew, FieldRules.PositiveMessage);
            }

            var topologyKey = Text(constraint["topologyKey"]) ?? string.Empty;
            if (topologyKey.Length == 0)
            {
                errors.Required(at + ".topologyKey", "can not be empty");
            }

            var whenUnsatisfiable = Text(constraint["whenUnsatisfiable"]) ?? string.Empty;
            if (whenUnsatisfiable is not ("DoNotSchedule" or "ScheduleAnyway"))
            {
                errors.NotSupported(at + ".whenUnsatisfiable", whenUnsatisfiable, ["DoNotSchedule", "ScheduleAnyway"]);
            }

            if (all.Skip(i + 1).Any(c => Text(c["topologyKey"]) == topologyKey && Text(c["whenUnsatisfiable"]) == whenUnsatisfiable))
            {
                errors.Duplicate(at + ".{topologyKey, whenUnsatisfiable}", $"{{{topologyKey}, {whenUnsatisfiable}}}");
            }

            if (Number(constraint["minDomains"]) is { } minDomains)
            {
                if (minDomains <= 0)
                {
                    errors.Invalid(at + ".minDomains", minDomains, FieldRules.PositiveMessage);
                }

                if (whenUnsatisfiable != "DoNotSchedule")
                {
                    errors.Invalid(at + ".minDomains", minDomains, $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {whenUnsatisfiable}");
                }
            }

            foreach (var policy in new[] { "nodeAffinityPolicy", "nodeTaintsPolicy" })
            {
                if (Text(constraint[policy]) is { } value && value is not ("Honor" or "Ignore"))
                {
                    errors.NotSupported($"{at}.{policy}", value, ["Honor", "Ignore"]);
                }
            }

            Rules.LabelSelectors.Validate(constraint["labelSelector"] as JsonObject, at + ".labelSelector", errors);
        }
    }

    private static void NodeSelectorTerm(FieldErrors errors, string field, JsonObject term)
    {
        var index = 0;
        foreach (var requirement in (term["matchExpressions"] as JsonArray).Objects())
        {
            var at = $"{field}.matchExpressions[{index++}]";
            var values = Texts(requirement["values"]);
            var op = Text(requirement["operator"]) ?? string.Empty;
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'");
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Forbidden(at + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    }

                    break;
                case "Gt" or "Lt":
                    if (values.Count != 1)
                    {
                        errors.Required(at + ".values", "must be specified single value when `operator` is 'Lt' or 'Gt'");
                    }

                    break;
                default:
                    errors.Invalid(at + ".operator", op, "not a valid selector operator");
                    break;
            }

            FieldRules.QualifiedName(errors, at + ".key", Text(requirement["key"]) ?? string.Empty);
        }

        index = 0;
        foreach (var requirement in (term["matchFields"] as JsonArray).Objects())
        {
            var at = $"{field}.matchFields[{index++}]";
            var values = Texts(requirement["values"]);
            var op = Text(requirement["operator"]) ?? string.Empty;
            if (op is "In" or "NotIn")
            {
                if (values.Count != 1)
                {
                    errors.Required(at + ".values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
                }
            }
            else
            {
                errors.Invalid(at + ".operator", op, "not a valid selector operator");
            }

            var key = Text(requirement["key"]) ?? string.Empty;
            if (key != "metadata.name")
            {
                errors.Invalid(at + ".key", key, "not a valid field selector key");
                continue;
            }

            for (var i = 0; i < values.Count; i++)
            {
                FieldRules.Dns1123Subdomain(errors, $"{at}.values[{i}]", values[i]);
            }
        }
    }

    private static void PodAffinityTerm(FieldErrors errors, string field, JsonObject term)
    {
        Rules.LabelSelectors.Validate(term["labelSelector"] as JsonObject, field + ".labelSelector", errors);
        Rules.LabelSelectors.Validate(term["namespaceSelector"] as JsonObject, field + ".namespaceSelector", errors);
        foreach (var name in Texts(term["namespaces"]))
        {
            // Upstream reports these at ".namespace" (singular).
            if (FieldRules.Dns1123LabelProblem(name) is { } problem)
            {
                errors.Invalid(field + ".namespace", name, problem);
            }
        }

        var topologyKey = Text(term["topologyKey"]) ?? string.Empty;
        if (topologyKey.Length == 0)
        {
            errors.Required(field + ".topologyKey", "can not be empty");
        }

        FieldRules.QualifiedName(errors, field + ".topologyKey", topologyKey);
    }

    private static void Weight(FieldErrors errors, string field, long? weight)
    {
        if (weight is not (> 0 and <= 100))
        {
            errors.Invalid(field, weight ?? 0, "must be in the range 1-100");
        }
    }
}
