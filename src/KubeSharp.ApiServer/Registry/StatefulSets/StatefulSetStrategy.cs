using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Registry.Workloads;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.StatefulSets;

/// <summary>
/// apps/v1 StatefulSets (pkg/registry/apps/statefulset): DNS-label names (they prefix pod
/// hostnames), and a spec of which only replicas, template, update strategy, ordinals, PVC
/// retention and minReadySeconds may change.
/// </summary>
internal sealed class StatefulSetStrategy : ResourceStrategy
{
    /// <summary>The spec fields an update may change; the rest is fixed at creation.</summary>
    private static readonly string[] MutableSpecFields = ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy"];

    private static readonly TableDefinition StatefulSetTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Ready", "string", string.Empty, "Number of the pod with ready state"),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            $"{WorkloadCells.Count(item, "status.readyReplicas")}/{WorkloadCells.Count(item, "spec.replicas")}",
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.template.spec"),
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => StatefulSetTable;

    public override string? NameError(string name) => ObjectNames.Dns1123LabelError(name);

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        if (string.IsNullOrEmpty(spec.GetString("podManagementPolicy")))
        {
            spec["podManagementPolicy"] = "OrderedReady";
        }

        var updateStrategy = spec.Ensure("updateStrategy");
        if (string.IsNullOrEmpty(updateStrategy.GetString("type")))
        {
            updateStrategy["type"] = "RollingUpdate";
            updateStrategy.Ensure("rollingUpdate");
        }

        // Only a rollingUpdate the user gave (or the one added above) gets a partition.
        if (updateStrategy.GetString("type") == "RollingUpdate" && updateStrategy["rollingUpdate"] is JsonObject rollingUpdate)
        {
            rollingUpdate.Default("partition", 0L);
        }

        var retention = spec.Ensure("persistentVolumeClaimRetentionPolicy");
        foreach (var field in new[] { "whenDeleted", "whenScaled" })
        {
            if (string.IsNullOrEmpty(retention.GetString(field)))
            {
                retention[field] = "Retain";
            }
        }

        spec.Default("replicas", 1L);
        spec.Default("revisionHistoryLimit", 10L);

        // serviceName has no omitempty upstream, so it is always there.
        spec.Default("serviceName", string.Empty);
        foreach (var claim in spec.GetArray("volumeClaimTemplates").Objects())
        {
            DefaultClaimTemplate(claim);
        }

        WorkloadRules.DefaultTemplate(item);
    }

    /// <summary>Status starts empty, which upstream renders with its non-omitempty fields.</summary>
    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject { ["availableReplicas"] = 0L, ["replicas"] = 0L };

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item.GetObject("spec") ?? new JsonObject();
        ValidatePodManagementPolicy(spec.GetString("podManagementPolicy") ?? string.Empty, errors);
        ValidateUpdateStrategy(spec.GetObject("updateStrategy"), errors);
        if (spec.GetObject("persistentVolumeClaimRetentionPolicy") is { } retention)
        {
            foreach (var field in new[] { "whenDeleted", "whenScaled" })
            {
                var policy = retention.GetString(field) ?? string.Empty;
                if (policy is not ("Retain" or "Delete"))
                {
                    errors.NotSupported($"spec.persistentVolumeClaimRetentionPolicy.{field}", policy, ["Retain", "Delete"]);
                }
            }
        }

        NumberRules.NonNegative(spec["replicas"], "spec.replicas", errors);
        NumberRules.NonNegative(spec["minReadySeconds"], "spec.minReadySeconds", errors);
        NumberRules.NonNegative(spec.Get("ordinals.start"), "spec.ordinals.start", errors);
        WorkloadRules.RequireSelector(item, "statefulset", errors);
        if (!WorkloadRules.SelectorMatchesTemplate(item, "spec.selector", "spec.template", errors))
        {
            GoValues.Invalid(errors, "spec.selector", GoValues.LabelSelector(spec.GetObject("selector")), string.Empty);
        }
        else
        {
            // Upstream checks only the template's metadata here; its pod spec is left unvalidated.
            WorkloadRules.ValidateTemplateMetadata(spec.GetObject("template"), "spec.template", errors);
        }

        WorkloadRules.RequireRestartAlways(spec.GetObject("template") ?? new JsonObject(), "StatefulSet", errors);
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        var now = FixedSpec(item);
        var before = FixedSpec(old);
        if (!ImmutableFields.SemanticEquals(now, before))
        {
            errors.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        }
    }

    /// <summary>The PVC defaults each claim template gets, and what upstream's conversion and printing add.</summary>
    private static void DefaultClaimTemplate(JsonObject claim)
    {
        claim["apiVersion"] = "v1";
        claim["kind"] = "PersistentVolumeClaim";
        ZeroCreationTimestamp(claim);
        claim.Ensure("spec").Default("volumeMode", "Filesystem");
        var status = claim.Ensure("status");
        if (string.IsNullOrEmpty(status.GetString("phase")))
        {
            status["phase"] = "Pending";
        }
    }

    /// <summary>A template's zero metav1.Time, which upstream prints as "creationTimestamp: null".</summary>
    private static void ZeroCreationTimestamp(JsonObject template)
    {
        var metadata = template.Ensure("metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }
    }

    private static void ValidatePodManagementPolicy(string policy, FieldErrors errors)
    {
        switch (policy)
        {
            case "":
                errors.Required("spec.podManagementPolicy");
                break;
            case "OrderedReady" or "Parallel":
                break;
            default:
                errors.Invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'");
                break;
        }
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, FieldErrors errors)
    {
        var type = strategy?.GetString("type") ?? string.Empty;
        var rollingUpdate = strategy?.GetObject("rollingUpdate");
        switch (type)
        {
            case "":
                errors.Required("spec.updateStrategy");
                break;
            case "OnDelete":
                if (rollingUpdate is not null)
                {
                    GoValues.Invalid(errors, "spec.updateStrategy.rollingUpdate", RollingUpdateValue(rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'");
                }

                break;
            case "RollingUpdate":
                if (rollingUpdate is not null)
                {
                    ValidateRollingUpdate(rollingUpdate, errors);
                }

                break;
            default:
                GoValues.Invalid(
                    errors, "spec.updateStrategy",
                    $"apps.StatefulSetUpdateStrategy{{Type:{GoValues.Quote(type)}, RollingUpdate:{GoValues.Pointer("apps.RollingUpdateStatefulSetStrategy", rollingUpdate is not null)}}}",
                    "must be 'RollingUpdate' or 'OnDelete'");
                break;
        }
    }

    /// <summary>validateRollingUpdateStatefulSet.</summary>
    private static void ValidateRollingUpdate(JsonObject rollingUpdate, FieldErrors errors)
    {
        const string MaxUnavailablePath = "spec.updateStrategy.rollingUpdate.maxUnavailable";
        NumberRules.NonNegative(rollingUpdate["partition"], "spec.updateStrategy.rollingUpdate.partition", errors);
        if (rollingUpdate["maxUnavailable"] is { } maxUnavailable)
        {
            IntOrPercent.ValidatePositive(maxUnavailable, MaxUnavailablePath, errors);
            if (IntOrPercent.Value(maxUnavailable) == 0)
            {
                GoValues.Invalid(errors, MaxUnavailablePath, GoValues.IntOrString(maxUnavailable), "cannot be 0");
            }

            IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, MaxUnavailablePath, errors);
        }
    }

    private static string RollingUpdateValue(JsonObject rollingUpdate) =>
        $"apps.RollingUpdateStatefulSetStrategy{{Partition:{NumberRules.Long(rollingUpdate["partition"]) ?? 0}, MaxUnavailable:{GoValues.Pointer("intstr.IntOrString", rollingUpdate["maxUnavailable"] is not null)}}}";

    /// <summary>The spec without the fields an update may change.</summary>
    private static JsonObject FixedSpec(JsonObject item)
    {
        var spec = (JsonObject?)item.GetObject("spec")?.DeepClone() ?? new JsonObject();
        foreach (var field in MutableSpecFields)
        {
            spec.Remove(field);
        }

        return spec;
    }
}
