using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Registry.Workloads;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Deployments;

/// <summary>apps/v1 Deployments (pkg/registry/apps/deployment): rolling-update defaults, an immutable selector that must select the template.</summary>
internal sealed class DeploymentStrategy : ResourceStrategy
{
    private static readonly TableDefinition DeploymentTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Ready", "string", string.Empty, "Number of the pod with ready state"),
            new TableColumn("Up-to-date", "string", string.Empty, "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
            new TableColumn("Available", "string", string.Empty, "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
            WorkloadCells.Selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            $"{WorkloadCells.Count(item, "status.readyReplicas")}/{WorkloadCells.Count(item, "spec.replicas")}",
            WorkloadCells.Count(item, "status.updatedReplicas"),
            WorkloadCells.Count(item, "status.availableReplicas"),
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.template.spec"),

            // Unlike the other workloads, the selector's plain String(): no "<none>" for an empty one.
            LabelSelectors.Format(item.GetObject("spec.selector")) ?? "<invalid>",
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => DeploymentTable;

    public override void Default(JsonObject item)
    {
        var spec = item.Ensure("spec");
        spec.Default("replicas", 1L);
        var strategy = spec.Ensure("strategy");
        if (string.IsNullOrEmpty(strategy.GetString("type")))
        {
            strategy["type"] = "RollingUpdate";
        }

        if (strategy.GetString("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.Ensure("rollingUpdate");
            rollingUpdate.Default("maxUnavailable", "25%");
            rollingUpdate.Default("maxSurge", "25%");
        }

        spec.Default("revisionHistoryLimit", 10L);
        spec.Default("progressDeadlineSeconds", 600L);
        WorkloadRules.DefaultTemplate(item);
    }

    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject();

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        NumberRules.NonNegative(item.Get("spec.replicas"), "spec.replicas", errors);
        WorkloadRules.ValidateReplicaSetSelectorAndTemplate(item, errors);
        ValidateStrategy(item.GetObject("spec.strategy"), errors);
        NumberRules.NonNegative(item.Get("spec.minReadySeconds"), "spec.minReadySeconds", errors);
        NumberRules.NonNegative(item.Get("spec.revisionHistoryLimit"), "spec.revisionHistoryLimit", errors);
        if (NumberRules.Long(item.Get("spec.progressDeadlineSeconds")) is { } deadline)
        {
            NumberRules.NonNegative(item.Get("spec.progressDeadlineSeconds"), "spec.progressDeadlineSeconds", errors);
            if (deadline <= (NumberRules.Long(item.Get("spec.minReadySeconds")) ?? 0))
            {
                errors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        // Upstream's PrepareForUpdate also bumps the generation for annotation changes, since
        // the controller copies annotations to ReplicaSets. There is no update hook here, and
        // this runs once per update before the object is stored; spec changes are bumped by the caller.
        if (!ImmutableFields.SemanticEquals(item.Get("metadata.annotations"), old.Get("metadata.annotations")))
        {
            item.Ensure("metadata")["generation"] = (old.GetInt64("metadata.generation") ?? 0) + 1;
        }

        Validate(item, errors);
        WorkloadRules.SelectorImmutable(item, old, errors);
    }

    /// <summary>ValidateDeploymentStrategy.</summary>
    private static void ValidateStrategy(JsonObject? strategy, FieldErrors errors)
    {
        var type = strategy?.GetString("type") ?? string.Empty;
        var rollingUpdate = strategy?.GetObject("rollingUpdate");
        switch (type)
        {
            case "Recreate":
                if (rollingUpdate is not null)
                {
                    errors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }

                break;
            case "RollingUpdate":
                if (rollingUpdate is null)
                {
                    errors.Required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil");
                }
                else
                {
                    ValidateRollingUpdate(rollingUpdate, errors);
                }

                break;
            default:
                GoValues.NotSupported(
                    errors, "spec.strategy",
                    $"apps.DeploymentStrategy{{Type:{GoValues.Quote(type)}, RollingUpdate:{GoValues.Pointer("apps.RollingUpdateDeployment", rollingUpdate is not null)}}}",
                    "Recreate", "RollingUpdate");
                break;
        }
    }

    /// <summary>ValidateRollingUpdateDeployment.</summary>
    private static void ValidateRollingUpdate(JsonObject rollingUpdate, FieldErrors errors)
    {
        const string MaxUnavailablePath = "spec.strategy.rollingUpdate.maxUnavailable";
        var maxUnavailable = rollingUpdate["maxUnavailable"];
        var maxSurge = rollingUpdate["maxSurge"];
        IntOrPercent.ValidatePositive(maxUnavailable, MaxUnavailablePath, errors);
        IntOrPercent.ValidatePositive(maxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
        if (IntOrPercent.Value(maxUnavailable) == 0 && IntOrPercent.Value(maxSurge) == 0)
        {
            GoValues.Invalid(errors, MaxUnavailablePath, GoValues.IntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0");
        }

        IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, MaxUnavailablePath, errors);
    }
}
