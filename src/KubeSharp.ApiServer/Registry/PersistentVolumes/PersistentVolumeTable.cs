using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.PersistentVolumeClaims;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumes;

/// <summary>kubectl's persistentvolumes columns (upstream's printPersistentVolume).</summary>
internal static class PersistentVolumeTable
{
    public static readonly TableDefinition Definition = new(
        [
            TableColumn.ForName(),
            ColumnDocs.Text("Capacity", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
            ColumnDocs.Text("Access Modes", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
            ColumnDocs.Text("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
            ColumnDocs.Text("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
            ColumnDocs.Text("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
            ColumnDocs.Text("StorageClass", "StorageClass of the pv"),
            ColumnDocs.Text("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
            ColumnDocs.Text("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            TableColumn.Age,
            ColumnDocs.Text("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", 1),
        ],
        Row);

    private static JsonNode?[] Row(JsonObject volume, DateTimeOffset now)
    {
        var spec = volume["spec"] as JsonObject ?? [];
        var status = volume["status"] as JsonObject ?? [];
        var claim = spec["claimRef"] is JsonObject claimRef ? $"{Text(claimRef["namespace"])}/{Text(claimRef["name"])}" : string.Empty;
        var annotations = volume.GetStringMap("metadata.annotations");
        var storageClass = annotations.TryGetValue(PersistentVolumeClaimTable.StorageClassAnnotation, out var annotated)
            ? annotated
            : Text(spec["storageClassName"]) ?? string.Empty;
        return
        [
            volume.GetString("metadata.name"),
            Quantities.Text(spec.Get("capacity.storage")),
            AccessModeText.Format(spec["accessModes"]),
            Text(spec["persistentVolumeReclaimPolicy"]) ?? string.Empty,
            volume.Get("metadata.deletionTimestamp") is not null ? "Terminating" : Text(status["phase"]) ?? string.Empty,
            claim,
            storageClass,
            Text(spec["volumeAttributesClassName"]) ?? "<unset>",
            Text(status["reason"]) ?? string.Empty,
            TableDefinition.Age(volume, now),
            Text(spec["volumeMode"]) ?? "<unset>",
        ];
    }
}
