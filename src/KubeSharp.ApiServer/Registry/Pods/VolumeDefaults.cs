using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// Upstream's volume source defaulters and +default markers, shared by pod volumes and
/// PersistentVolume specs (which embed the same source structs).
/// </summary>
internal static class VolumeDefaults
{
    /// <summary>Secret, ConfigMap, DownwardAPI and Projected volumes' defaultMode: 0644.</summary>
    private const long DefaultMode = 420;

    /// <summary>A pod volume: one with no source at all becomes an emptyDir.</summary>
    public static void ApplyToVolume(JsonObject volume)
    {
        if (volume.All(p => p.Key == "name"))
        {
            volume["emptyDir"] = new JsonObject();
        }

        ApplyToSources(volume);
    }

    /// <summary>The defaults of whichever sources an object (a Volume or a PersistentVolumeSpec) holds.</summary>
    public static void ApplyToSources(JsonObject source)
    {
        if (source["hostPath"] is JsonObject hostPath)
        {
            DefaultValue(hostPath, "type", string.Empty);
        }

        foreach (var key in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (source[key] is JsonObject withMode)
            {
                DefaultValue(withMode, "defaultMode", DefaultMode);
            }
        }

        if (source["downwardAPI"] is JsonObject downwardApi)
        {
            FieldRefVersions(downwardApi["items"]);
        }

        if (source["projected"] is JsonObject projected)
        {
            foreach (var projection in (projected["sources"] as JsonArray).Objects())
            {
                if (projection["downwardAPI"] is JsonObject projectedApi)
                {
                    FieldRefVersions(projectedApi["items"]);
                }

                if (projection["serviceAccountToken"] is JsonObject token)
                {
                    DefaultValue(token, "expirationSeconds", 3600L);
                }
            }
        }

        if (source.GetObject("ephemeral.volumeClaimTemplate.spec") is { } claimSpec)
        {
            DefaultValue(claimSpec, "volumeMode", "Filesystem");
        }

        LegacySources(source);
    }

    /// <summary>The +default markers of the in-tree plugins' sources.</summary>
    private static void LegacySources(JsonObject source)
    {
        if (source["rbd"] is JsonObject rbd)
        {
            DefaultText(rbd, "pool", "rbd");
            DefaultText(rbd, "user", "admin");
            DefaultText(rbd, "keyring", "/etc/ceph/keyring");
        }

        if (source["iscsi"] is JsonObject iscsi)
        {
            DefaultText(iscsi, "iscsiInterface", "default");
        }

        if (source["azureDisk"] is JsonObject azureDisk)
        {
            DefaultValue(azureDisk, "cachingMode", "ReadWrite");
            DefaultValue(azureDisk, "fsType", "ext4");
            DefaultValue(azureDisk, "readOnly", false);
            DefaultValue(azureDisk, "kind", "Shared");
        }

        if (source["scaleIO"] is JsonObject scaleIo)
        {
            DefaultText(scaleIo, "storageMode", "ThinProvisioned");
            DefaultText(scaleIo, "fsType", "xfs");
        }
    }

    private static void FieldRefVersions(JsonNode? items)
    {
        foreach (var item in (items as JsonArray).Objects())
        {
            if (item["fieldRef"] is JsonObject fieldRef)
            {
                DefaultText(fieldRef, "apiVersion", "v1");
            }
        }
    }
}
