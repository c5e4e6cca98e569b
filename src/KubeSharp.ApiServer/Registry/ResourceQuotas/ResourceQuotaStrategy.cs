using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.ResourceQuotas;

/// <summary>
/// ResourceQuotas (upstream's pkg/registry/core/resourcequota): an empty status on create (the
/// quota controller fills it), quota resource names, quantities, scopes and scope selectors, and
/// scopes that never change.
/// </summary>
internal sealed class ResourceQuotaStrategy : ResourceStrategy
{
    private static readonly string[] Scopes = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"];

    /// <summary>The resources the pod-matching scopes can limit (pod count and compute).</summary>
    private static readonly HashSet<string> PodResources = ["pods", "cpu", "memory", "limits.cpu", "limits.memory", "requests.cpu", "requests.memory"];

    private static readonly TableDefinition QuotaTable = TableDefinition.NameAge(
        (ColumnDocs.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."), (item, _) => Usage(item, limits: false)),
        (ColumnDocs.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."), (item, _) => Usage(item, limits: true)));

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => QuotaTable;

    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject();

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item["spec"] as JsonObject ?? [];
        var hard = spec["hard"] as JsonObject ?? [];
        ResourceList(errors, "spec.hard", hard);
        var scopes = Texts(spec["scopes"]);
        var printed = Printed(scopes);
        if (scopes.Count > 0)
        {
            foreach (var scope in scopes)
            {
                if (!Scopes.Contains(scope))
                {
                    FieldRules.InvalidRaw(errors, "spec.scopes", printed, "unsupported scope");
                }

                ScopeFits(errors, "spec.scopes", printed, hard, scope);
            }

            Conflicts(errors, "spec.scopes", printed, scopes);
        }

        if (spec["scopeSelector"] is JsonObject selector)
        {
            ScopeSelector(errors, hard, selector, printed);
        }

        if (item["status"] is JsonObject status)
        {
            ResourceList(errors, "status.hard", status["hard"] as JsonObject ?? []);
            ResourceList(errors, "status.used", status["used"] as JsonObject ?? []);
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        var now = Texts(item.Get("spec.scopes")).ToHashSet(StringComparer.Ordinal);
        if (!now.SetEquals(Texts(old.Get("spec.scopes"))))
        {
            FieldRules.InvalidRaw(errors, "spec.scopes", Printed(Texts(item.Get("spec.scopes"))), FieldRules.ImmutableMessage);
        }
    }

    /// <summary>"name: used/hard" pairs for the limits.* resources or the others, from status.hard (upstream's printResourceQuota).</summary>
    private static string Usage(JsonObject quota, bool limits)
    {
        var hard = quota.GetObject("status.hard") ?? [];
        var used = quota.GetObject("status.used") ?? [];
        var pairs = hard.Select(p => p.Key).Order(StringComparer.Ordinal)
            .Where(name => (name.Split('.') is ["limits", _, ..]) == limits)
            .Select(name => $"{name}: {Quantities.Text(used[name])}/{Quantities.Text(hard[name])}");
        return string.Join(", ", pairs);
    }

    private static void ResourceList(FieldErrors errors, string field, JsonObject list)
    {
        foreach (var (name, quantity) in list.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"{field}[{name}]";
            ResourceNames.ValidateQuota(errors, at, name);
            ResourceNames.ValidateQuantity(errors, at, name, quantity);
        }
    }

    /// <summary>IsResourceQuotaScopeValidForResource, for every standard resource the quota limits.</summary>
    private static void ScopeFits(FieldErrors errors, string field, string printed, JsonObject hard, string scope)
    {
        foreach (var name in hard.Select(p => p.Key).Order(StringComparer.Ordinal))
        {
            var fits = scope switch
            {
                "BestEffort" => name == "pods",
                "Terminating" or "NotTerminating" or "NotBestEffort" or "PriorityClass" or "CrossNamespacePodAffinity" => PodResources.Contains(name),
                _ => true,
            };
            if (ResourceNames.IsStandardQuota(name) && !fits)
            {
                FieldRules.InvalidRaw(errors, field, printed, "unsupported scope applied to resource");
            }
        }
    }

    private static void Conflicts(FieldErrors errors, string field, string printed, List<string> scopes)
    {
        if ((scopes.Contains("BestEffort") && scopes.Contains("NotBestEffort")) || (scopes.Contains("Terminating") && scopes.Contains("NotTerminating")))
        {
            FieldRules.InvalidRaw(errors, field, printed, "conflicting scopes");
        }
    }

    /// <summary>validateScopedResourceSelectorRequirement.</summary>
    private static void ScopeSelector(FieldErrors errors, JsonObject hard, JsonObject selector, string printedScopes)
    {
        const string field = "spec.scopeSelector.matchExpressions";
        var printedSelector = selector.ToJsonString();
        var scopes = new List<string>();
        foreach (var requirement in (selector["matchExpressions"] as JsonArray).Objects())
        {
            var scope = Text(requirement["scopeName"]) ?? string.Empty;
            var op = Text(requirement["operator"]) ?? string.Empty;
            var values = Texts(requirement["values"]);
            if (!Scopes.Contains(scope))
            {
                errors.Invalid(field + ".scopeName", scope, "unsupported scope");
            }

            ScopeFits(errors, field, printedSelector, hard, scope);
            if (scope is "BestEffort" or "NotBestEffort" or "Terminating" or "NotTerminating" or "CrossNamespacePodAffinity" && op != "Exists")
            {
                errors.Invalid(field + ".operator", op, "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity");
            }

            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Required(field + ".values", "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector");
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        FieldRules.InvalidRaw(errors, field + ".values", FieldRules.GoStrings(values), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector");
                    }

                    break;
                default:
                    errors.Invalid(field + ".operator", op, "not a valid selector operator");
                    break;
            }

            scopes.Add(scope);
        }

        // Upstream prints spec.scopes here, not the selector.
        Conflicts(errors, field, printedScopes, scopes);
    }

    /// <summary>Go's %#v of a []core.ResourceQuotaScope.</summary>
    private static string Printed(List<string> scopes) =>
        scopes.Count == 0 ? "[]core.ResourceQuotaScope(nil)" : FieldRules.GoStrings(scopes).Replace("[]string", "[]core.ResourceQuotaScope", StringComparison.Ordinal);
}
