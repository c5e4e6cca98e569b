using System.Text;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// What ValidatePodUpdate adds to a pod's validation: a pod's spec is immutable except container
/// images, a shrinking activeDeadlineSeconds, added tolerations and removed scheduling gates.
/// </summary>
internal static class PodUpdateRules
{
    private const string Updatable = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly string[] ContainerKinds = ["containers", "initContainers"];

    public static void Validate(FieldErrors errors, JsonObject pod, JsonObject old)
    {
        Annotations(errors, pod.GetStringMap("metadata.annotations"), old.GetStringMap("metadata.annotations"));
        var spec = pod["spec"] as JsonObject ?? [];
        var oldSpec = old["spec"] as JsonObject ?? [];
        foreach (var kind in ContainerKinds)
        {
            var containers = (spec[kind] as JsonArray)?.Count ?? 0;
            if (containers != ((oldSpec[kind] as JsonArray)?.Count ?? 0))
            {
                errors.Forbidden($"spec.{kind}", "pod updates may not add or remove containers");
                return;
            }

            var index = 0;
            foreach (var container in (spec[kind] as JsonArray).Objects())
            {
                var at = $"spec.{kind}[{index++}].image";
                var image = Text(container["image"]) ?? string.Empty;
                if (image.Length == 0)
                {
                    errors.Required(at);
                }

                if (image.Trim().Length != image.Length)
                {
                    errors.Invalid(at, image, "must not have leading or trailing whitespace");
                }
            }
        }

        if (!ActiveDeadline(errors, Number(spec["activeDeadlineSeconds"]), Number(oldSpec["activeDeadlineSeconds"])))
        {
            return;
        }

        OnlyAddedTolerations(errors, spec["tolerations"], oldSpec["tolerations"]);
        OnlyDeletedGates(errors, spec["schedulingGates"], oldSpec["schedulingGates"]);
        if (JsonNode.DeepEquals(spec, oldSpec))
        {
            return;
        }

        var munged = Munge(errors, spec, oldSpec);
        if (!JsonNode.DeepEquals(munged, oldSpec))
        {
            errors.Forbidden("spec", $"pod updates may not change fields other than {Updatable}\n{Diff(oldSpec, munged)}");
        }
    }

    /// <summary>ValidatePodSpecificAnnotationUpdates: mirror and AppArmor annotations cannot be added, changed or removed.</summary>
    private static void Annotations(FieldErrors errors, Dictionary<string, string> now, Dictionary<string, string> before)
    {
        foreach (var (key, value) in before.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (now.TryGetValue(key, out var current) && current == value)
            {
                continue;
            }

            if (IsAppArmor(key))
            {
                errors.Forbidden($"metadata.annotations[{key}]", "may not remove or update AppArmor annotations");
            }

            if (key == PodAdmission.MirrorAnnotation)
            {
                errors.Forbidden($"metadata.annotations[{key}]", "may not remove or update mirror pod annotation");
            }
        }

        foreach (var key in now.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            if (IsAppArmor(key))
            {
                errors.Forbidden($"metadata.annotations[{key}]", "may not add AppArmor annotations");
            }

            if (key == PodAdmission.MirrorAnnotation)
            {
                errors.Forbidden($"metadata.annotations[{key}]", "may not add mirror pod annotation");
            }
        }
    }

    private static bool IsAppArmor(string key) => key.StartsWith("container.apparmor.security.beta.kubernetes.io/", StringComparison.Ordinal);

    /// <summary>activeDeadlineSeconds may be set, or lowered, but not raised or removed; false stops validation, as upstream.</summary>
    private static bool ActiveDeadline(FieldErrors errors, long? now, long? before)
    {
        if (now is { } deadline)
        {
            if (deadline is < 0 or > int.MaxValue)
            {
                errors.Invalid("spec.activeDeadlineSeconds", deadline, "must be between 0 and 2147483647, inclusive");
                return false;
            }

            if (before < deadline)
            {
                errors.Invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value");
                return false;
            }
        }
        else if (before is not null)
        {
            // Upstream prints the nil pointer as the string "null".
            errors.Invalid("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value");
        }

        return true;
    }

    /// <summary>validateOnlyAddedTolerations: every old toleration is still there, give or take its tolerationSeconds.</summary>
    private static void OnlyAddedTolerations(FieldErrors errors, JsonNode? now, JsonNode? before)
    {
        var current = (now as JsonArray).Objects().ToList();
        foreach (var old in (before as JsonArray).Objects())
        {
            var found = current.Any(toleration =>
            {
                var comparable = (JsonObject)old.DeepClone();
                comparable["tolerationSeconds"] = toleration["tolerationSeconds"]?.DeepClone();
                var candidate = (JsonObject)toleration.DeepClone();
                RemoveNulls(comparable);
                RemoveNulls(candidate);
                return JsonNode.DeepEquals(comparable, candidate);
            });
            if (!found)
            {
                errors.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds");
                return;
            }
        }
    }

    /// <summary>validateOnlyDeletedSchedulingGates.</summary>
    private static void OnlyDeletedGates(FieldErrors errors, JsonNode? now, JsonNode? before)
    {
        var old = (before as JsonArray).Objects().Select(g => Text(g["name"])).ToHashSet(StringComparer.Ordinal);
        var index = 0;
        foreach (var gate in (now as JsonArray).Objects())
        {
            var name = Text(gate["name"]);
            if (!old.Contains(name))
            {
                errors.Forbidden($"spec.schedulingGates[{index}].name", $"only deletion is allowed, but found new scheduling gate '{name}'");
            }

            index++;
        }
    }

    /// <summary>The new spec with its updatable fields taken from the old one, for the final equality check.</summary>
    private static JsonObject Munge(FieldErrors errors, JsonObject spec, JsonObject oldSpec)
    {
        var munged = (JsonObject)spec.DeepClone();
        foreach (var kind in ContainerKinds)
        {
            var oldContainers = (oldSpec[kind] as JsonArray).Objects().ToList();
            var index = 0;
            foreach (var container in (munged[kind] as JsonArray).Objects().Take(oldContainers.Count))
            {
                container["image"] = oldContainers[index++]["image"]?.DeepClone();
            }
        }

        foreach (var key in new[] { "activeDeadlineSeconds", "tolerations", "schedulingGates" })
        {
            Copy(munged, oldSpec, key);
        }

        if (Number(oldSpec["terminationGracePeriodSeconds"]) < 0 && Number(munged["terminationGracePeriodSeconds"]) == 1)
        {
            Copy(munged, oldSpec, "terminationGracePeriodSeconds");
        }

        // A pod still waiting on scheduling gates may gain node selector terms.
        if ((oldSpec["schedulingGates"] as JsonArray)?.Count > 0 && !JsonNode.DeepEquals(munged["nodeSelector"], oldSpec["nodeSelector"]))
        {
            var selector = munged.GetStringMap("nodeSelector");
            if (oldSpec.GetStringMap("nodeSelector").Any(p => !selector.TryGetValue(p.Key, out var value) || value != p.Value))
            {
                errors.Invalid("spec.nodeSelector", munged["nodeSelector"]?.ToJsonString(), "only additions to spec.nodeSelector are allowed (no mutations or deletions)");
            }

            Copy(munged, oldSpec, "nodeSelector");
        }

        return munged;
    }

    private static void Copy(JsonObject target, JsonObject source, string key)
    {
        if (source[key] is { } value)
        {
            target[key] = value.DeepClone();
        }
        else
        {
            target.Remove(key);
        }
    }

    private static void RemoveNulls(JsonObject item)
    {
        foreach (var key in item.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            item.Remove(key);
        }
    }

    /// <summary>A readable account of what differs (upstream prints a go-cmp diff, which is not reproducible).</summary>
    private static string Diff(JsonObject before, JsonObject after)
    {
        var text = new StringBuilder("  core.PodSpec{\n");
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            if (!JsonNode.DeepEquals(before[key], after[key]))
            {
                text.Append("- \t").Append(key).Append(": ").Append(before[key]?.ToJsonString() ?? "null").Append('\n');
                text.Append("+ \t").Append(key).Append(": ").Append(after[key]?.ToJsonString() ?? "null").Append('\n');
            }
        }

        return text.Append("  }").ToString();
    }
}
