using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.PersistentVolumeClaims;

/// <summary>
/// ValidatePersistentVolumeClaimSpec, shared by claims and by the claim templates of ephemeral
/// volumes, and the access-mode rules PersistentVolumes share.
/// </summary>
internal static class PersistentVolumeClaimRules
{
    private static readonly string[] AccessModeValues = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] VolumeModes = ["Block", "Filesystem"];

    public static void ValidateSpec(FieldErrors errors, string field, JsonObject spec)
    {
        var modes = Texts(spec["accessModes"]);
        if (modes.Count == 0)
        {
            errors.Required(field + ".accessModes", "at least 1 access mode is required");
        }

        Rules.LabelSelectors.Validate(spec["selector"] as JsonObject, field + ".selector", errors);
        AccessModes(errors, field + ".accessModes", modes);
        var storagePath = field + ".resources[storage]";
        var storage = spec["resources"] is JsonObject resources && resources["requests"] is JsonObject requests ? requests["storage"] : null;
        if (storage is null)
        {
            errors.Required(storagePath);
        }
        else if (Quantities.Parse(storage) <= 0)
        {
            errors.Invalid(storagePath, Quantities.Text(storage), FieldRules.PositiveMessage);
        }

        if (Text(spec["storageClassName"]) is { Length: > 0 } storageClass)
        {
            FieldRules.Dns1123Subdomain(errors, field + ".storageClassName", storageClass);
        }

        VolumeMode(errors, field + ".volumeMode", spec["volumeMode"]);
        foreach (var kind in new[] { "dataSource", "dataSourceRef" })
        {
            if (spec[kind] is JsonObject source)
            {
                DataSource(errors, $"{field}.{kind}", source);
            }
        }

        if (spec["dataSource"] is JsonObject dataSource && spec["dataSourceRef"] is JsonObject dataSourceRef
            && (Text(dataSource["apiGroup"]) != Text(dataSourceRef["apiGroup"]) || Text(dataSource["kind"]) != Text(dataSourceRef["kind"]) || Text(dataSource["name"]) != Text(dataSourceRef["name"])))
        {
            errors.Invalid(field, field + ".dataSource", "must match dataSourceRef");
        }
    }

    /// <summary>Supported access modes; ReadWriteOncePod only on its own.</summary>
    public static void AccessModes(FieldErrors errors, string field, List<string> modes)
    {
        foreach (var mode in modes.Where(m => !AccessModeValues.Contains(m)))
        {
            errors.NotSupported(field, mode, AccessModeValues);
        }

        if (modes.Contains("ReadWriteOncePod") && modes.Any(m => m != "ReadWriteOncePod" && AccessModeValues.Contains(m)))
        {
            errors.Forbidden(field, "may not use ReadWriteOncePod with other access modes");
        }
    }

    public static void VolumeMode(FieldErrors errors, string field, JsonNode? mode)
    {
        if (Text(mode) is { } value && !VolumeModes.Contains(value))
        {
            errors.NotSupported(field, value, VolumeModes);
        }
    }

    /// <summary>validateDataSource: a named object of a known kind; without an API group only a claim.</summary>
    private static void DataSource(FieldErrors errors, string field, JsonObject source)
    {
        if (string.IsNullOrEmpty(Text(source["name"])))
        {
            errors.Required(field + ".name");
        }

        var kind = Text(source["kind"]) ?? string.Empty;
        if (kind.Length == 0)
        {
            errors.Required(field + ".kind");
        }

        if (string.IsNullOrEmpty(Text(source["apiGroup"])) && kind != "PersistentVolumeClaim")
        {
            errors.Invalid(field, kind, string.Empty);
        }
    }
}
