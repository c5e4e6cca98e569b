using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.PodDisruptionBudgets;

/// <summary>
/// policy/v1 PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget): how many of the
/// selected pods voluntary evictions must leave, as a count or a percentage.
/// </summary>
internal sealed class PodDisruptionBudgetStrategy : ResourceStrategy
{
    private static readonly TableDefinition PodDisruptionBudgetTable = TableDefinition.NameAge(
        (new TableColumn("Min Available", "string", string.Empty, "The minimum number of pods that must be available."), (item, _) => Budget(item, "spec.minAvailable")),
        (new TableColumn("Max Unavailable", "string", string.Empty, "The maximum number of pods that may be unavailable."), (item, _) => Budget(item, "spec.maxUnavailable")),
        (new TableColumn("Allowed Disruptions", "integer", string.Empty, "Calculated number of pods that may be disrupted at this time."), (item, _) => WorkloadCells.Count(item, "status.disruptionsAllowed")));

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => PodDisruptionBudgetTable;

    /// <summary>Upstream's strategy validates only the spec, so names get just the generic path-segment check.</summary>
    public override string? NameError(string name) => FormatRules.PathSegmentNameErrors(name).FirstOrDefault();

    /// <summary>Status starts empty, which upstream renders with its non-omitempty counts.</summary>
    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject
    {
        ["currentHealthy"] = 0L,
        ["desiredHealthy"] = 0L,
        ["disruptionsAllowed"] = 0L,
        ["expectedPods"] = 0L,
    };

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item.GetObject("spec") ?? new JsonObject();
        if (spec["minAvailable"] is not null && spec["maxUnavailable"] is not null)
        {
            GoValues.Invalid(errors, "spec", spec.ToJsonString(), "minAvailable and maxUnavailable cannot be both set");
        }

        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
        {
            if (spec[field] is { } value)
            {
                IntOrPercent.ValidatePositive(value, "spec." + field, errors);
                IntOrPercent.ValidateNotMoreThan100Percent(value, "spec." + field, errors);
            }
        }

        LabelSelectors.Validate(spec.GetObject("selector"), "spec.selector", errors);
        if (spec.GetString("unhealthyPodEvictionPolicy") is { } policy && policy is not ("IfHealthyBudget" or "AlwaysAllow"))
        {
            errors.NotSupported("spec.unhealthyPodEvictionPolicy", policy, ["AlwaysAllow", "IfHealthyBudget"]);
        }
    }

    private static string Budget(JsonObject item, string path) => item.Get(path) is { } value ? IntOrPercent.Text(value) : "N/A";
}
