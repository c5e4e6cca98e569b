using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Registry.Workloads;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.DaemonSets;

/// <summary>
/// apps/v1 DaemonSets (pkg/registry/apps/daemonset): rolling updates of one pod at a time by
/// default, and the template generation upstream shows as an annotation.
/// </summary>
internal sealed class DaemonSetStrategy : ResourceStrategy
{
    /// <summary>apps/v1's view of the internal spec.templateGeneration: "1" on create, bumped with each template change.</summary>
    private const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private static readonly TableDefinition DaemonSetTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Desired", "integer", string.Empty, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            new TableColumn("Current", "integer", string.Empty, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            new TableColumn("Ready", "integer", string.Empty, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
            new TableColumn("Up-to-date", "integer", string.Empty, "The total number of nodes that are running updated daemon pod"),
            new TableColumn("Available", "integer", string.Empty, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            new TableColumn("Node Selector", "string", string.Empty, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
            WorkloadCells.Selector("A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            WorkloadCells.Count(item, "status.desiredNumberScheduled"),
            WorkloadCells.Count(item, "status.currentNumberScheduled"),
            WorkloadCells.Count(item, "status.numberReady"),
            WorkloadCells.Count(item, "status.updatedNumberScheduled"),
            WorkloadCells.Count(item, "status.numberAvailable"),
            WorkloadCells.FormatLabels(item.GetObject("spec.template.spec.nodeSelector")),
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.template.spec"),
            WorkloadCells.FormatSelector(item.GetObject("spec.selector")),
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => DaemonSetTable;

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        var updateStrategy = spec.Ensure("updateStrategy");
        if (string.IsNullOrEmpty(updateStrategy.GetString("type")))
        {
            updateStrategy["type"] = "RollingUpdate";
        }

        if (updateStrategy.GetString("type") == "RollingUpdate")
        {
            var rollingUpdate = updateStrategy.Ensure("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", 1L);
            rollingUpdate.Default("maxSurge", 0L);
        }

        spec.Default("revisionHistoryLimit", 10L);
        WorkloadRules.DefaultTemplate(item);
    }

    /// <summary>Status starts empty (rendered with its non-omitempty counts); the template is generation 1.</summary>
    public override void PrepareForCreate(JsonObject item)
    {
        item["status"] = new JsonObject
        {
            ["currentNumberScheduled"] = 0L,
            ["desiredNumberScheduled"] = 0L,
            ["numberMisscheduled"] = 0L,
            ["numberReady"] = 0L,
        };
        item.Ensure("metadata.annotations")[TemplateGenerationAnnotation] = "1";
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var selector = item.GetObject("spec.selector");

        // No Required check: a missing selector selects nothing, so the template mismatch reports it.
        LabelSelectors.Validate(selector, "spec.selector", errors);
        WorkloadRules.SelectorMatchesTemplate(item, "spec.selector", "spec.template", errors);
        if (selector is not null && LabelSelectors.IsEmpty(selector))
        {
            GoValues.Invalid(errors, "spec.selector", GoValues.LabelSelector(selector), "empty selector is invalid for daemonset");
        }

        WorkloadRules.ValidateRunningTemplate(item, "DaemonSet", errors);
        NumberRules.NonNegative(item.Get("spec.minReadySeconds"), "spec.minReadySeconds", errors);
        ValidateUpdateStrategy(item.GetObject("spec.updateStrategy"), errors);
        NumberRules.NonNegative(item.Get("spec.revisionHistoryLimit"), "spec.revisionHistoryLimit", errors);
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        // Upstream's PrepareForUpdate bumps the template generation when the template changes.
        // There is no update hook here, and this runs once per update before the object is
        // stored, so the annotation is kept (or bumped) from the stored object here.
        var generation = long.TryParse(Annotation(old), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : 0;
        if (!ImmutableFields.SemanticEquals(item.Get("spec.template"), old.Get("spec.template")))
        {
            generation++;
        }

        item.Ensure("metadata.annotations")[TemplateGenerationAnnotation] = generation.ToString(CultureInfo.InvariantCulture);
        Validate(item, errors);
        WorkloadRules.SelectorImmutable(item, old, errors);
    }

    private static string? Annotation(JsonObject item) =>
        item.GetObject("metadata.annotations")?[TemplateGenerationAnnotation] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>ValidateDaemonSetUpdateStrategy.</summary>
    private static void ValidateUpdateStrategy(JsonObject? strategy, FieldErrors errors)
    {
        var type = strategy?.GetString("type") ?? string.Empty;
        var rollingUpdate = strategy?.GetObject("rollingUpdate");
        switch (type)
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                if (rollingUpdate is null)
                {
                    errors.Required("spec.updateStrategy.rollingUpdate");
                }
                else
                {
                    ValidateRollingUpdate(rollingUpdate, errors);
                }

                break;
            default:
                GoValues.NotSupported(
                    errors, "spec.updateStrategy",
                    $"apps.DaemonSetUpdateStrategy{{Type:{GoValues.Quote(type)}, RollingUpdate:{GoValues.Pointer("apps.RollingUpdateDaemonSet", rollingUpdate is not null)}}}",
                    "RollingUpdate", "OnDelete");
                break;
        }
    }

    /// <summary>ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge is non-zero.</summary>
    private static void ValidateRollingUpdate(JsonObject rollingUpdate, FieldErrors errors)
    {
        const string MaxUnavailablePath = "spec.updateStrategy.rollingUpdate.maxUnavailable";
        const string MaxSurgePath = "spec.updateStrategy.rollingUpdate.maxSurge";
        var maxUnavailable = rollingUpdate["maxUnavailable"];
        var maxSurge = rollingUpdate["maxSurge"];
        IntOrPercent.ValidatePositive(maxUnavailable, MaxUnavailablePath, errors);
        IntOrPercent.ValidatePositive(maxSurge, MaxSurgePath, errors);
        IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, MaxUnavailablePath, errors);
        IntOrPercent.ValidateNotMoreThan100Percent(maxSurge, MaxSurgePath, errors);
        var hasUnavailable = IntOrPercent.Value(maxUnavailable) != 0;
        var hasSurge = IntOrPercent.Value(maxSurge) != 0;
        if (hasUnavailable && hasSurge)
        {
            GoValues.Invalid(errors, MaxSurgePath, GoValues.IntOrString(maxSurge), "may not be set when maxUnavailable is non-zero");
        }
        else if (!hasUnavailable && !hasSurge)
        {
            errors.Required(MaxUnavailablePath, "cannot be 0 when maxSurge is 0");
        }
    }
}
