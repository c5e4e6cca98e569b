using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.PersistentVolumeClaims;
using KubeSharp.ApiServer.Registry.Pods;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumes;

/// <summary>ValidatePersistentVolumeSpec and the update rules of ValidatePersistentVolumeUpdate.</summary>
internal static class PersistentVolumeRules
{
    /// <summary>The PersistentVolumeSource keys, in upstream's checking order.</summary>
    public static readonly string[] Sources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi",
        "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO",
        "local", "storageos", "csi",
    ];

    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];

    public static void ValidateSpec(FieldErrors errors, JsonObject spec)
    {
        var modes = Texts(spec["accessModes"]);
        if (modes.Count == 0)
        {
            errors.Required("spec.accessModes");
        }

        PersistentVolumeClaimRules.AccessModes(errors, "spec.accessModes", modes);
        Capacity(errors, spec["capacity"] as JsonObject ?? []);
        var reclaimPolicy = Text(spec["persistentVolumeReclaimPolicy"]) ?? string.Empty;
        if (reclaimPolicy.Length > 0 && !ReclaimPolicies.Contains(reclaimPolicy))
        {
            errors.NotSupported("spec.persistentVolumeReclaimPolicy", reclaimPolicy, ReclaimPolicies);
        }

        var hasNodeAffinity = false;
        if (spec["nodeAffinity"] is JsonObject nodeAffinity)
        {
            hasNodeAffinity = true;
            if (nodeAffinity["required"] is JsonObject required)
            {
                SchedulingRules.NodeSelector(errors, "spec.nodeAffinity.required", required);
            }
            else
            {
                errors.Required("spec.nodeAffinity.required", "must specify required node constraints");
            }
        }

        SourceSpec(errors, spec, hasNodeAffinity);
        if (spec["hostPath"] is JsonObject hostPath && Text(hostPath["path"]) is { Length: > 0 } root && root.TrimEnd('/').Length == 0 && reclaimPolicy == "Recycle")
        {
            errors.Forbidden("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'");
        }

        if (Text(spec["storageClassName"]) is { Length: > 0 } storageClass)
        {
            FieldRules.Dns1123Subdomain(errors, "spec.storageClassName", storageClass);
        }

        PersistentVolumeClaimRules.VolumeMode(errors, "spec.volumeMode", spec["volumeMode"]);
    }

    /// <summary>The volume source is immutable (a CSI expansion secret may be added), as are volumeMode and a set nodeAffinity.</summary>
    public static void ValidateUpdate(FieldErrors errors, JsonObject spec, JsonObject oldSpec)
    {
        var now = SourceOf(spec);
        var before = SourceOf(oldSpec);
        if (now["csi"] is JsonObject csi && before["csi"] is JsonObject oldCsi && oldCsi["controllerExpandSecretRef"] is null)
        {
            csi.Remove("controllerExpandSecretRef");
        }

        if (!JsonNode.DeepEquals(now, before))
        {
            errors.Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation");
        }

        // Upstream's paths have no "spec." here.
        FieldRules.Immutable(errors, "volumeMode", spec["volumeMode"], oldSpec["volumeMode"]);
        if (oldSpec["nodeAffinity"] is not null)
        {
            FieldRules.Immutable(errors, "nodeAffinity", spec["nodeAffinity"], oldSpec["nodeAffinity"]);
        }
    }

    private static JsonObject SourceOf(JsonObject spec)
    {
        var source = new JsonObject();
        foreach (var key in Sources)
        {
            if (spec[key] is { } value)
            {
                source[key] = value.DeepClone();
            }
        }

        return source;
    }

    private static void Capacity(FieldErrors errors, JsonObject capacity)
    {
        if (capacity.Count == 0)
        {
            errors.Required("spec.capacity");
        }

        if (!capacity.ContainsKey("storage") || capacity.Count > 1)
        {
            errors.NotSupported("spec.capacity", capacity.ToJsonString(), ["storage"]);
        }

        foreach (var (resource, quantity) in capacity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"spec.capacity[{resource}]";
            if (Quantities.Parse(quantity) is not { } value)
            {
                continue;
            }

            // validateBasicResource looks at the value rounded up to a whole number.
            if (decimal.Ceiling(value) < 0)
            {
                errors.Invalid(at, (long)decimal.Ceiling(value), "must be a valid resource quantity");
            }

            if (value <= 0)
            {
                errors.Invalid(at, Quantities.Text(quantity), FieldRules.PositiveMessage);
            }
        }
    }

    /// <summary>Exactly one volume source, checked for the common ones.</summary>
    private static void SourceSpec(FieldErrors errors, JsonObject spec, bool hasNodeAffinity)
    {
        var count = 0;
        foreach (var key in Sources)
        {
            if (spec[key] is not JsonObject source)
            {
                continue;
            }

            // Upstream never refuses a second source when it is flexVolume.
            if (count++ > 0 && key != "flexVolume")
            {
                errors.Forbidden("spec." + (key == "cephfs" ? "cephFS" : key), "may not specify more than 1 volume type");
                continue;
            }

            var at = "spec." + key;
            switch (key)
            {
                case "hostPath":
                    VolumeRules.HostPath(errors, at, source);
                    break;
                case "nfs":
                    VolumeRules.Nfs(errors, at, source);
                    break;
                case "local":
                    var path = Text(source["path"]) ?? string.Empty;
                    if (path.Length == 0)
                    {
                        errors.Required(at + ".path");
                    }

                    FieldRules.NoBacksteps(errors, at + ".path", path);
                    if (!hasNodeAffinity)
                    {
                        errors.Required("spec.nodeAffinity", "Local volume requires node affinity");
                    }

                    break;
                case "csi":
                    VolumeRules.CsiDriver(errors, at + ".driver", Text(source["driver"]) ?? string.Empty);
                    if (string.IsNullOrEmpty(Text(source["volumeHandle"])))
                    {
                        errors.Required(at + ".volumeHandle");
                    }

                    break;
            }
        }

        if (count == 0)
        {
            errors.Required("spec", "must specify a volume type");
        }
    }
}
