using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.PriorityClasses;

/// <summary>
/// scheduling.k8s.io/v1 PriorityClasses (pkg/registry/scheduling/priorityclass): a fixed value and
/// preemption policy; the "system-" names are reserved for the two built-in classes.
/// </summary>
internal sealed class PriorityClassStrategy : ResourceStrategy
{
    private const string SystemPrefix = "system-";
    private const long HighestUserDefinablePriority = 1_000_000_000;

    private static readonly (string Name, long Value)[] SystemClasses = [("system-node-critical", 2_000_001_000), ("system-cluster-critical", 2_000_000_000)];

    private static readonly TableDefinition PriorityClassTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Value", "integer", string.Empty, "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec."),
            new TableColumn("Global-Default", "boolean", string.Empty, "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority."),
            TableColumn.Age,

            // Printed only "wide", which the server always is, so it comes after Age yet shows by default.
            new TableColumn("PreemptionPolicy", "string", string.Empty, "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            WorkloadCells.Count(item, "value"),
            item.GetBool("globalDefault") ?? false,
            TableDefinition.Age(item, now),
            item.GetString("preemptionPolicy") ?? string.Empty,
        ]);

    public override TableDefinition Table => PriorityClassTable;

    public override void Default(JsonObject item) => item.Default("preemptionPolicy", "PreemptLowerPriority");

    /// <summary>Upstream sets generation 1 on create but never bumps it, so it is not a tracked generation.</summary>
    public override void PrepareForCreate(JsonObject item) => item.Ensure("metadata")["generation"] = 1L;

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var name = item.GetString("metadata.name") ?? string.Empty;
        var value = NumberRules.Long(item["value"]) ?? 0;
        if (name.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            if (SystemClassError(name, value, item.GetBool("globalDefault") ?? false) is { } problem)
            {
                errors.Forbidden("metadata.name", $"priority class names with '{SystemPrefix}' prefix are reserved for system use only. error: {problem}");
            }
        }
        else if (value > HighestUserDefinablePriority)
        {
            errors.Forbidden("value", $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}");
        }

        if (item["preemptionPolicy"] is not null)
        {
            var policy = item.GetString("preemptionPolicy") ?? string.Empty;
            if (policy.Length == 0)
            {
                errors.Required("preemptionPolicy");
            }
            else if (policy is not ("PreemptLowerPriority" or "Never"))
            {
                errors.NotSupported("preemptionPolicy", policy, ["PreemptLowerPriority", "Never"]);
            }
        }
    }

    /// <summary>Only the value and preemption policy are checked on update (both are fixed).</summary>
    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        if ((NumberRules.Long(item["value"]) ?? 0) != (NumberRules.Long(old["value"]) ?? 0))
        {
            errors.Forbidden("value", "may not be changed in an update.");
        }

        ImmutableFields.Check(item, old, "preemptionPolicy", errors);
    }

    /// <summary>IsKnownSystemPriorityClass: a system name must be a built-in class, as it is defined.</summary>
    private static string? SystemClassError(string name, long value, bool globalDefault)
    {
        foreach (var system in SystemClasses)
        {
            if (system.Name == name)
            {
                return system.Value != value ? $"value of {name} PriorityClass must be {system.Value}"
                    : globalDefault ? $"globalDefault of {name} PriorityClass must be false"
                    : null;
            }
        }

        return $"{name} is not a known system priority class";
    }
}
