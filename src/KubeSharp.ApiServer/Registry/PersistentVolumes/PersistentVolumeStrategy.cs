using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Pods;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumes;

/// <summary>
/// PersistentVolumes (upstream's pkg/registry/core/persistentvolume): Retain and Filesystem
/// defaults, a Pending status stamped with its phase transition time, and an immutable volume source.
/// </summary>
internal sealed class PersistentVolumeStrategy : ResourceStrategy
{
    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => PersistentVolumeTable.Definition;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "name" };

    public override void Default(JsonObject item)
    {
        if (item["spec"] is JsonObject spec)
        {
            DefaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
            DefaultValue(spec, "volumeMode", "Filesystem");
            VolumeDefaults.ApplyToSources(spec);
        }

        item["status"] ??= new JsonObject();
        if (item["status"] is JsonObject status)
        {
            DefaultText(status, "phase", "Pending");
        }
    }

    public override void PrepareForCreate(JsonObject item)
    {
        // PersistentVolumeLastPhaseTransitionTime (GA): the phase is stamped with the time it was entered.
        item["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["lastPhaseTransitionTime"] = item.Get("metadata.creationTimestamp")?.DeepClone(),
        };

        // Upstream's StorageObjectInUseProtection admission also adds the kubernetes.io/pv-protection
        // finalizer; only the pv-protection controller removes it, and there is none yet, so a volume
        // would never finish deleting. It is left out until that controller exists.
    }

    public override void Validate(JsonObject item, FieldErrors errors) =>
        PersistentVolumeRules.ValidateSpec(errors, item["spec"] as JsonObject ?? []);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        PersistentVolumeRules.ValidateUpdate(errors, item["spec"] as JsonObject ?? [], old["spec"] as JsonObject ?? []);
    }

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["name"] = item.GetString("metadata.name") ?? string.Empty,
    };
}
