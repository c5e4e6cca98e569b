using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// Pods (upstream's pkg/registry/core/pod): PodSpec defaults plus the default admission plugins'
/// changes, a Pending status with its QoS class on create, pod validation with spec immutability
/// on update, graceful deletion once scheduled, and kubectl's pod table.
/// </summary>
internal sealed class PodStrategy : ResourceStrategy
{
    /// <summary>DefaultTerminationGracePeriodSeconds.</summary>
    private const long DefaultGracePeriod = 30;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => PodTable.Definition;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
        "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
    };

    public override void Default(JsonObject item)
    {
        item["spec"] ??= new JsonObject();
        if (item["spec"] is JsonObject spec)
        {
            PodSpecRules.Default(spec, isPod: true);
        }

        PodAdmission.Apply(item);
    }

    public override void PrepareForCreate(JsonObject item)
    {
        var spec = item["spec"] as JsonObject ?? [];
        var status = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Compute(spec) };
        if ((spec["schedulingGates"] as JsonArray)?.Count > 0)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = item.Get("metadata.creationTimestamp")?.DeepClone(),
                ["reason"] = "SchedulingGated",
                ["message"] = "Scheduling is blocked due to non-empty scheduling gates",
            });
        }

        item["status"] = status;
    }

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        var spec = item["spec"] as JsonObject ?? [];
        ValidateMetadataAndSpec(item, spec, errors);
        if (spec["ephemeralContainers"] is JsonArray { Count: > 0 })
        {
            errors.Forbidden("spec.ephemeralContainers", "cannot be set on create");
        }

        if (!string.IsNullOrEmpty(Text(spec["nodeName"])) && (spec["schedulingGates"] as JsonArray)?.Count > 0)
        {
            errors.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared");
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        ValidateMetadataAndSpec(item, item["spec"] as JsonObject ?? [], errors);
        PodUpdateRules.Validate(errors, item, old);
    }

    public override Dictionary<string, string> Fields(JsonObject item)
    {
        var spec = item["spec"] as JsonObject ?? [];
        var status = item["status"] as JsonObject ?? [];
        return new(StringComparer.Ordinal)
        {
            ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
            ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
            ["spec.nodeName"] = Text(spec["nodeName"]) ?? string.Empty,
            ["spec.restartPolicy"] = Text(spec["restartPolicy"]) ?? string.Empty,
            ["spec.schedulerName"] = Text(spec["schedulerName"]) ?? string.Empty,
            ["spec.serviceAccountName"] = Text(spec["serviceAccountName"]) ?? string.Empty,
            ["spec.hostNetwork"] = Flag(spec["hostNetwork"]) == true ? "true" : "false",
            ["status.phase"] = Text(status["phase"]) ?? string.Empty,
            ["status.podIP"] = (status["podIPs"] as JsonArray).Objects().Select(ip => Text(ip["ip"])).FirstOrDefault() ?? Text(status["podIP"]) ?? string.Empty,
            ["status.nominatedNodeName"] = Text(status["nominatedNodeName"]) ?? string.Empty,
        };
    }

    /// <summary>
    /// Upstream's CheckGracefulDeleteStrategy: a pod never scheduled, or already finished, goes at
    /// once; otherwise it gets the requested grace period, else its terminationGracePeriodSeconds.
    /// </summary>
    public override long? GracePeriod(JsonObject item, long? requested)
    {
        if (string.IsNullOrEmpty(item.GetString("spec.nodeName")) || item.GetString("status.phase") is "Succeeded" or "Failed")
        {
            return 0;
        }

        return requested ?? item.GetInt64("spec.terminationGracePeriodSeconds") ?? DefaultGracePeriod;
    }

    /// <summary>validatePodMetadataAndSpec (the generic handlers check the rest of the metadata).</summary>
    private static void ValidateMetadataAndSpec(JsonObject item, JsonObject spec, FieldErrors errors)
    {
        PodAnnotationRules.Validate(errors, "metadata.annotations", item.GetStringMap("metadata.annotations"), spec);
        PodSpecRules.Validate(spec, "spec", errors);
        if (string.IsNullOrEmpty(Text(spec["serviceAccountName"])))
        {
            var volume = 0;
            foreach (var entry in (spec["volumes"] as JsonArray).Objects())
            {
                var source = 0;
                foreach (var projection in entry.GetArray("projected.sources").Objects())
                {
                    if (projection["serviceAccountToken"] is not null)
                    {
                        errors.Forbidden($"spec.volumes[{volume}].projected.sources[{source}].serviceAccountToken", "must not be specified when serviceAccountName is not set");
                    }

                    source++;
                }

                volume++;
            }
        }

        foreach (var kind in new[] { "containers", "initContainers" })
        {
            var index = 0;
            foreach (var container in (spec[kind] as JsonArray).Objects())
            {
                var image = Text(container["image"]) ?? string.Empty;
                if (image.Trim().Length != image.Length)
                {
                    errors.Invalid($"spec.{kind}[{index}].image", image, "must not have leading or trailing whitespace");
                }

                index++;
            }
        }
    }
}
