using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumeClaims;

/// <summary>kubectl's persistentvolumeclaims columns (upstream's printPersistentVolumeClaim).</summary>
internal static class PersistentVolumeClaimTable
{
    /// <summary>The beta annotation that still takes precedence over spec.storageClassName.</summary>
    public const string StorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static readonly TableDefinition Definition = new(
        [
            TableColumn.ForName(),
            ColumnDocs.Text("Status", "phase represents the current phase of PersistentVolumeClaim."),
            ColumnDocs.Text("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            ColumnDocs.Text("Capacity", "capacity represents the actual resources of the underlying volume."),
            ColumnDocs.Text("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
            ColumnDocs.Text("StorageClass", "StorageClass of the pvc"),
            ColumnDocs.Text("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            TableColumn.Age,
            ColumnDocs.Text("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", 1),
        ],
        Row);

    private static JsonNode?[] Row(JsonObject claim, DateTimeOffset now)
    {
        var spec = claim["spec"] as JsonObject ?? [];
        var status = claim["status"] as JsonObject ?? [];
        var volumeName = Text(spec["volumeName"]) ?? string.Empty;
        var capacity = string.Empty;
        var accessModes = string.Empty;
        if (volumeName.Length > 0)
        {
            accessModes = AccessModeText.Format(status["accessModes"]);
            capacity = Quantities.Text(status.Get("capacity.storage"));
        }

        var annotations = claim.GetStringMap("metadata.annotations");
        var storageClass = annotations.TryGetValue(StorageClassAnnotation, out var annotated) ? annotated : Text(spec["storageClassName"]) ?? string.Empty;
        return
        [
            claim.GetString("metadata.name"),
            claim.Get("metadata.deletionTimestamp") is not null ? "Terminating" : Text(status["phase"]) ?? string.Empty,
            volumeName,
            capacity,
            accessModes,
            storageClass,
            Text(spec["volumeAttributesClassName"]) ?? "<unset>",
            TableDefinition.Age(claim, now),
            Text(spec["volumeMode"]) ?? "<unset>",
        ];
    }
}
