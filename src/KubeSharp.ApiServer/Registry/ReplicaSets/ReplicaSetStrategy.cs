using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Registry.Workloads;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.ReplicaSets;

/// <summary>apps/v1 ReplicaSets (pkg/registry/apps/replicaset): one replica by default, status.replicas selectable.</summary>
internal sealed class ReplicaSetStrategy : ResourceStrategy
{
    private static readonly TableDefinition ReplicaSetTable = new(
        [
            TableColumn.ForName(),
            new TableColumn("Desired", "integer", string.Empty, "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
            new TableColumn("Current", "integer", string.Empty, "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset"),
            new TableColumn("Ready", "integer", string.Empty, "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
            TableColumn.Age,
            WorkloadCells.Containers,
            WorkloadCells.Images,
            WorkloadCells.Selector("Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        ],
        (item, now) =>
        [
            item.GetString("metadata.name"),
            WorkloadCells.Count(item, "spec.replicas"),
            WorkloadCells.Count(item, "status.replicas"),
            WorkloadCells.Count(item, "status.readyReplicas"),
            TableDefinition.Age(item, now),
            WorkloadCells.ContainerNames(item, "spec.template.spec"),
            WorkloadCells.ContainerImages(item, "spec.template.spec"),
            WorkloadCells.FormatSelector(item.GetObject("spec.selector")),
        ]);

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => ReplicaSetTable;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace", "status.replicas" };

    public override Dictionary<string, string> Fields(JsonObject item)
    {
        var fields = base.Fields(item);
        fields["status.replicas"] = WorkloadCells.Count(item, "status.replicas").ToString(CultureInfo.InvariantCulture);
        return fields;
    }

    public override void Default(JsonObject item)
    {
        item.Ensure("spec").Default("replicas", 1L);
        WorkloadRules.DefaultTemplate(item);
    }

    /// <summary>Status starts empty, which upstream renders with its one non-omitempty field.</summary>
    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject { ["replicas"] = 0L };

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        NumberRules.NonNegative(item.Get("spec.replicas"), "spec.replicas", errors);
        NumberRules.NonNegative(item.Get("spec.minReadySeconds"), "spec.minReadySeconds", errors);
        WorkloadRules.ValidateReplicaSetSelectorAndTemplate(item, errors);
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        WorkloadRules.SelectorImmutable(item, old, errors);
    }
}
