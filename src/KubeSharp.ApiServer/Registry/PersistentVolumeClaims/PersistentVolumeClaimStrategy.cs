using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumeClaims;

/// <summary>
/// PersistentVolumeClaims (upstream's pkg/registry/core/persistentvolumeclaim): Filesystem volume
/// mode, a Pending status, and a spec that only a bound claim's storage request may change.
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    private const string ImmutableSpec = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => PersistentVolumeClaimTable.Definition;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "metadata.namespace", "name" };

    public override void Default(JsonObject item)
    {
        if (item["spec"] is JsonObject spec)
        {
            DefaultValue(spec, "volumeMode", "Filesystem");
        }

        item["status"] ??= new JsonObject();
        if (item["status"] is JsonObject status)
        {
            DefaultText(status, "phase", "Pending");
        }
    }

    public override void PrepareForCreate(JsonObject item)
    {
        // Upstream's StorageObjectInUseProtection admission also adds the kubernetes.io/pvc-protection
        // finalizer; only the pvc-protection controller removes it, and there is none yet, so a claim
        // would never finish deleting. It is left out until that controller exists.
        item["status"] = new JsonObject();

        // AnyVolumeDataSource: dataSource and dataSourceRef describe the same object.
        if (item["spec"] is JsonObject spec)
        {
            if (spec["dataSource"] is JsonObject dataSource && spec["dataSourceRef"] is null)
            {
                spec["dataSourceRef"] = dataSource.DeepClone();
            }
            else if (spec["dataSourceRef"] is JsonObject dataSourceRef && spec["dataSource"] is null && string.IsNullOrEmpty(Text(dataSourceRef["namespace"])))
            {
                spec["dataSource"] = dataSourceRef.DeepClone();
            }
        }
    }

    public override void Validate(JsonObject item, FieldErrors errors) =>
        PersistentVolumeClaimRules.ValidateSpec(errors, "spec", item["spec"] as JsonObject ?? []);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        var spec = (JsonObject)(item["spec"]?.DeepClone() ?? new JsonObject());
        var oldSpec = (JsonObject)(old["spec"]?.DeepClone() ?? new JsonObject());

        // The binder sets volumeName once.
        if (string.IsNullOrEmpty(Text(oldSpec["volumeName"])))
        {
            oldSpec["volumeName"] = spec["volumeName"]?.DeepClone();
        }

        StorageClass(errors, item, old, spec, oldSpec);
        var oldSize = Quantities.Parse(oldSpec.Get("resources.requests.storage"));
        var newSize = Quantities.Parse(spec.Get("resources.requests.storage"));
        if (item.GetString("status.phase") == "Bound" && spec.GetObject("resources.requests") is { } requests)
        {
            requests["storage"] = oldSpec.Get("resources.requests.storage")?.DeepClone();
        }

        if (!JsonNode.DeepEquals(spec, oldSpec))
        {
            errors.Forbidden("spec", ImmutableSpec);
        }

        // RecoverVolumeExpansionFailure (on in 1.32): a request may shrink back, but not to the current capacity.
        if (newSize < oldSize && newSize <= (Quantities.Parse(old.Get("status.capacity.storage")) ?? 0))
        {
            errors.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity");
        }

        // Upstream's path has no "spec." here.
        FieldRules.Immutable(errors, "volumeMode", item.Get("spec.volumeMode"), old.Get("spec.volumeMode"));
    }

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
        ["name"] = item.GetString("metadata.name") ?? string.Empty,
    };

    /// <summary>
    /// The beta storage-class annotation is immutable, except for the upgrade from it to
    /// spec.storageClassName with the same class.
    /// </summary>
    private static void StorageClass(FieldErrors errors, JsonObject item, JsonObject old, JsonObject spec, JsonObject oldSpec)
    {
        var annotation = PersistentVolumeClaimTable.StorageClassAnnotation;
        var now = item.GetStringMap("metadata.annotations");
        var before = old.GetStringMap("metadata.annotations");
        var upgrade = before.TryGetValue(annotation, out var oldClass) && oldSpec["storageClassName"] is null
            && Text(spec["storageClassName"]) == oldClass && (!now.TryGetValue(annotation, out var newClass) || newClass == oldClass);
        if (upgrade)
        {
            spec.Remove("storageClassName");
        }
        else if (now.GetValueOrDefault(annotation, string.Empty) != before.GetValueOrDefault(annotation, string.Empty))
        {
            errors.Invalid($"metadata.annotations.{annotation}", now.GetValueOrDefault(annotation, string.Empty), FieldRules.ImmutableMessage);
        }
    }
}
