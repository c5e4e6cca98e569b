using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.PersistentVolumeClaims;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// ValidateVolumes: names, exactly one source per volume, and the checks of the common sources
/// (the legacy in-tree plugins are only counted, not inspected).
/// </summary>
internal static class VolumeRules
{
    /// <summary>Every volume source a pod volume may have, in upstream's checking order.</summary>
    private static readonly string[] Sources =
    [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs",
        "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap",
        "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO",
        "csi", "ephemeral",
    ];

    private static readonly string[] HostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    /// <summary>The fields downward API volumes may expose.</summary>
    private static readonly HashSet<string> VolumeFieldPaths = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

    private static readonly HashSet<string> DownwardApiResources =
        ["limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage"];

    private static readonly HashSet<decimal> ByteDivisors =
    [
        1m, 1000m, 1000000m, 1000000000m, 1000000000000m, 1000000000000000m, 1000000000000000000m,
        1024m, 1048576m, 1073741824m, 1099511627776m, 1125899906842624m, 1152921504606846976m,
    ];

    /// <summary>Validates the volumes; returns the valid ones by name (what mounts may refer to).</summary>
    public static Dictionary<string, JsonObject> Validate(FieldErrors errors, string field, JsonNode? volumes)
    {
        var valid = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var index = 0;
        foreach (var volume in (volumes as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            var own = new FieldErrors();
            Source(own, at, volume);
            var name = Text(volume["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                own.Required(at + ".name");
            }
            else
            {
                FieldRules.Dns1123Label(own, at + ".name", name);
            }

            if (valid.ContainsKey(name))
            {
                own.Duplicate(at + ".name", name);
            }

            // Only a volume without problems is registered (and so may be mounted), as upstream.
            if (own.Count == 0)
            {
                valid[name] = volume;
            }

            errors.AddRange(own);
        }

        return valid;
    }

    private static void Source(FieldErrors errors, string field, JsonObject volume)
    {
        var count = 0;
        foreach (var source in Sources)
        {
            if (volume[source] is not JsonObject value)
            {
                continue;
            }

            if (count++ > 0)
            {
                // Upstream's paths, typos included.
                var name = source switch
                {
                    "downwardAPI" => "downwarAPI",
                    "cephfs" => "cephFS",
                    _ => source,
                };
                errors.Forbidden($"{field}.{name}", "may not specify more than 1 volume type");
                continue;
            }

            var at = $"{field}.{source}";
            switch (source)
            {
                case "emptyDir":
                    if (Quantities.Parse(value["sizeLimit"]) < 0)
                    {
                        errors.Forbidden(at + ".sizeLimit", "SizeLimit field must be a valid resource quantity");
                    }

                    break;
                case "hostPath":
                    HostPath(errors, at, value);
                    break;
                case "secret":
                    Required(errors, at + ".secretName", value["secretName"]);
                    Mode(errors, at + ".defaultMode", value["defaultMode"]);
                    KeyToPaths(errors, at + ".items", value["items"]);
                    break;
                case "configMap":
                    Required(errors, at + ".name", value["name"]);
                    Mode(errors, at + ".defaultMode", value["defaultMode"]);
                    KeyToPaths(errors, at + ".items", value["items"]);
                    break;
                case "persistentVolumeClaim":
                    Required(errors, at + ".claimName", value["claimName"]);
                    break;
                case "nfs":
                    Nfs(errors, at, value);
                    break;
                case "downwardAPI":
                    Mode(errors, at + ".defaultMode", value["defaultMode"]);
                    foreach (var file in (value["items"] as JsonArray).Objects())
                    {
                        DownwardApiFile(errors, at, file);
                    }

                    break;
                case "projected":
                    Mode(errors, at + ".defaultMode", value["defaultMode"]);
                    Projections(errors, at, value);
                    break;
                case "csi":
                    CsiDriver(errors, at + ".driver", Text(value["driver"]) ?? string.Empty);
                    if (value["nodePublishSecretRef"] is JsonObject secretRef)
                    {
                        var secretName = Text(secretRef["name"]) ?? string.Empty;
                        if (secretName.Length == 0)
                        {
                            errors.Required(at + ".nodePublishSecretRef.name");
                        }
                        else
                        {
                            // Upstream reports this at ".name" of the source.
                            FieldRules.Dns1123Subdomain(errors, at + ".name", secretName);
                        }
                    }

                    break;
                case "ephemeral":
                    if (value["volumeClaimTemplate"] is JsonObject template)
                    {
                        PersistentVolumeClaimRules.ValidateSpec(errors, at + ".volumeClaimTemplate.spec", template["spec"] as JsonObject ?? []);
                    }
                    else
                    {
                        errors.Required(at + ".volumeClaimTemplate");
                    }

                    break;
            }
        }

        if (count == 0)
        {
            errors.Required(field, "must specify a volume type");
        }
    }

    /// <summary>validateHostPathVolumeSource (shared with PersistentVolumes).</summary>
    public static void HostPath(FieldErrors errors, string field, JsonObject hostPath)
    {
        var path = Text(hostPath["path"]) ?? string.Empty;
        if (path.Length == 0)
        {
            errors.Required(field + ".path");
            return;
        }

        FieldRules.NoBacksteps(errors, field + ".path", path);
        if (Text(hostPath["type"]) is { } type && !HostPathTypes.Contains(type))
        {
            errors.NotSupported(field + ".type", type, HostPathTypes);
        }
    }

    /// <summary>validateNFSVolumeSource (shared with PersistentVolumes).</summary>
    public static void Nfs(FieldErrors errors, string field, JsonObject nfs)
    {
        Required(errors, field + ".server", nfs["server"]);
        var path = Text(nfs["path"]) ?? string.Empty;
        if (path.Length == 0)
        {
            errors.Required(field + ".path");
        }

        if (!path.StartsWith('/'))
        {
            errors.Invalid(field + ".path", path, "must be an absolute path");
        }
    }

    /// <summary>ValidateCSIDriverName.</summary>
    public static void CsiDriver(FieldErrors errors, string field, string driver)
    {
        if (driver.Length == 0)
        {
            errors.Required(field);
        }

        if (driver.Length > 63)
        {
            errors.TooLong(field, 63);
        }

        if (ObjectNames.Dns1123SubdomainError(driver.ToLowerInvariant()) is { } problem)
        {
            errors.Invalid(field, driver, problem);
        }
    }

    /// <summary>validateObjectFieldSelector: a downward API field reference.</summary>
    public static void FieldRef(FieldErrors errors, string field, JsonObject fieldRef, IReadOnlySet<string> allowed)
    {
        var apiVersion = Text(fieldRef["apiVersion"]) ?? string.Empty;
        var fieldPath = Text(fieldRef["fieldPath"]) ?? string.Empty;
        if (apiVersion.Length == 0)
        {
            errors.Required(field + ".apiVersion");
            return;
        }

        if (fieldPath.Length == 0)
        {
            errors.Required(field + ".fieldPath");
            return;
        }

        if (DownwardApiLabel(apiVersion, fieldPath) is { } problem)
        {
            errors.Invalid(field + ".fieldPath", fieldPath, "error converting fieldPath: " + problem);
            return;
        }

        var path = fieldPath == "spec.host" ? "spec.nodeName" : fieldPath;
        if (Subscripted(path) is { } subscript)
        {
            switch (subscript.Parent)
            {
                case "metadata.annotations":
                    FieldRules.QualifiedName(errors, field, subscript.Key.ToLowerInvariant());
                    break;
                case "metadata.labels":
                    FieldRules.QualifiedName(errors, field, subscript.Key);
                    break;
                default:
                    errors.Invalid(field, subscript.Parent, "does not support subscript");
                    break;
            }
        }
        else if (!allowed.Contains(path))
        {
            errors.NotSupported(field + ".fieldPath", path, allowed.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>validateContainerResourceFieldSelector: a downward API resource reference.</summary>
    public static void ResourceFieldRef(FieldErrors errors, string field, JsonObject resourceFieldRef, bool inVolume)
    {
        var resource = Text(resourceFieldRef["resource"]) ?? string.Empty;
        if (inVolume && string.IsNullOrEmpty(Text(resourceFieldRef["containerName"])))
        {
            errors.Required(field + ".containerName");
        }
        else if (resource.Length == 0)
        {
            errors.Required(field + ".resource");
        }
        else if (!DownwardApiResources.Contains(resource) && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal)
            && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
        {
            errors.NotSupported(field + ".resource", resource, DownwardApiResources.Order(StringComparer.Ordinal));
        }

        if (Quantities.Parse(resourceFieldRef["divisor"]) is not { } divisor || divisor == 0)
        {
            return;
        }

        var kind = resource switch
        {
            "limits.cpu" or "requests.cpu" => "cpu",
            "limits.memory" or "requests.memory" => "memory",
            "limits.ephemeral-storage" or "requests.ephemeral-storage" => "local ephemeral storage",
            _ when resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) || resource.StartsWith("limits.hugepages-", StringComparison.Ordinal) => "hugepages",
            _ => null,
        };
        if (kind == "cpu" && divisor is not (0.001m or 1m))
        {
            errors.Invalid(field + ".divisor", resource, "only divisor's values 1m and 1 are supported with the cpu resource");
        }
        else if (kind is not (null or "cpu") && !ByteDivisors.Contains(divisor))
        {
            errors.Invalid(field + ".divisor", resource, $"only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {kind} resource");
        }
    }

    /// <summary>ConvertDownwardAPIFieldLabel: which field labels exist at all (before checking where they may be used).</summary>
    private static string? DownwardApiLabel(string apiVersion, string label)
    {
        if (apiVersion != "v1")
        {
            return $"unsupported pod version: {apiVersion}";
        }

        if (Subscripted(label) is { } subscript)
        {
            return subscript.Parent is "metadata.annotations" or "metadata.labels" ? null : $"field label does not support subscript: {label}";
        }

        return label is "metadata.annotations" or "metadata.labels" or "metadata.name" or "metadata.namespace" or "metadata.uid"
            or "spec.nodeName" or "spec.restartPolicy" or "spec.serviceAccountName" or "spec.schedulerName" or "status.phase"
            or "status.hostIP" or "status.hostIPs" or "status.podIP" or "status.podIPs" or "spec.host"
            ? null
            : $"field label not supported: {label}";
    }

    /// <summary>fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['key']".</summary>
    private static (string Parent, string Key)? Subscripted(string path)
    {
        if (!path.EndsWith("']", StringComparison.Ordinal))
        {
            return null;
        }

        var open = path.IndexOf("['", StringComparison.Ordinal);
        return open <= 0 ? null : (path[..open], path[(open + 2)..^2]);
    }

    private static void DownwardApiFile(FieldErrors errors, string field, JsonObject file)
    {
        var path = Text(file["path"]) ?? string.Empty;
        if (path.Length == 0)
        {
            errors.Required(field + ".path");
        }

        FieldRules.LocalNonReservedPath(errors, field + ".path", path);
        if (file["fieldRef"] is JsonObject fieldRef)
        {
            FieldRef(errors, field + ".fieldRef", fieldRef, VolumeFieldPaths);
            if (file["resourceFieldRef"] is not null)
            {
                errors.Invalid(field, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously");
            }
        }
        else if (file["resourceFieldRef"] is JsonObject resourceFieldRef)
        {
            ResourceFieldRef(errors, field + ".resourceFieldRef", resourceFieldRef, inVolume: true);
        }
        else
        {
            errors.Required(field, "one of fieldRef and resourceFieldRef is required");
        }

        Mode(errors, field + ".mode", file["mode"]);
    }

    private static void Projections(FieldErrors errors, string field, JsonObject projected)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var projection in (projected["sources"] as JsonArray).Objects())
        {
            var at = $"{field}.sources[{index++}]";
            var count = 0;
            foreach (var kind in new[] { "secret", "configMap" })
            {
                if (projection[kind] is not JsonObject source)
                {
                    continue;
                }

                count++;
                Required(errors, $"{at}.{kind}.name", source["name"]);
                var item = 0;
                foreach (var keyToPath in (source["items"] as JsonArray).Objects())
                {
                    KeyToPath(errors, $"{at}.{kind}.items[{item++}]", keyToPath);
                    if (Text(keyToPath["path"]) is { Length: > 0 } path && !paths.Add(path))
                    {
                        errors.Invalid(field, Text(source["name"]) ?? string.Empty, "conflicting duplicate paths");
                    }
                }
            }

            if (projection["downwardAPI"] is JsonObject downwardApi)
            {
                count++;
                foreach (var file in (downwardApi["items"] as JsonArray).Objects())
                {
                    DownwardApiFile(errors, at + ".downwardAPI", file);
                    if (Text(file["path"]) is { Length: > 0 } path && !paths.Add(path))
                    {
                        errors.Invalid(field, path, "conflicting duplicate paths");
                    }
                }
            }

            if (projection["serviceAccountToken"] is JsonObject token)
            {
                count++;
                var expiration = Number(token["expirationSeconds"]) ?? 0;
                if (expiration < 600)
                {
                    errors.Invalid(at + ".serviceAccountToken.expirationSeconds", expiration, "may not specify a duration less than 10 minutes");
                }

                if (expiration > 1L << 32)
                {
                    errors.Invalid(at + ".serviceAccountToken.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds");
                }

                if (string.IsNullOrEmpty(Text(token["path"])))
                {
                    errors.Required(field + ".path");
                }
            }

            if (projection["clusterTrustBundle"] is not null)
            {
                count++;
            }

            if (count > 1)
            {
                errors.Forbidden(at, "may not specify more than 1 volume type");
            }
        }
    }

    private static void KeyToPaths(FieldErrors errors, string field, JsonNode? items)
    {
        var index = 0;
        foreach (var item in (items as JsonArray).Objects())
        {
            KeyToPath(errors, $"{field}[{index++}]", item);
        }
    }

    private static void KeyToPath(FieldErrors errors, string field, JsonObject item)
    {
        Required(errors, field + ".key", item["key"]);
        var path = Text(item["path"]) ?? string.Empty;
        if (path.Length == 0)
        {
            errors.Required(field + ".path");
        }

        FieldRules.LocalNonReservedPath(errors, field + ".path", path);
        Mode(errors, field + ".mode", item["mode"]);
    }

    private static void Mode(FieldErrors errors, string field, JsonNode? mode)
    {
        if (Number(mode) is { } value && value is < 0 or > 511)
        {
            errors.Invalid(field, value, FieldRules.FileModeMessage);
        }
    }

    private static void Required(FieldErrors errors, string field, JsonNode? value)
    {
        if (string.IsNullOrEmpty(Text(value)))
        {
            errors.Required(field);
        }
    }
}
