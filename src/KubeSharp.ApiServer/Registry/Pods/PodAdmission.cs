using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// What upstream's default admission plugins change in a pod: DefaultTolerationSeconds,
/// ServiceAccount (the account name only) and Priority (without PriorityClass lookups).
/// </summary>
internal static class PodAdmission
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    /// <summary>--default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds.</summary>
    private const long DefaultTolerationSeconds = 300;

    /// <summary>The two built-in PriorityClasses every cluster has.</summary>
    private static readonly Dictionary<string, long> SystemPriorities = new(StringComparer.Ordinal)
    {
        ["system-node-critical"] = 2000001000,
        ["system-cluster-critical"] = 2000000000,
    };

    public static void Apply(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
        {
            return;
        }

        Tolerations(spec);
        ServiceAccount(pod, spec);
        Priority(spec);
    }

    /// <summary>Pods tolerate not-ready and unreachable nodes for 300s unless they say otherwise.</summary>
    private static void Tolerations(JsonObject spec)
    {
        var tolerations = spec["tolerations"] as JsonArray;
        var missing = new List<string>();
        foreach (var key in new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" })
        {
            var tolerated = tolerations.Objects().Any(t =>
                (Text(t["key"]) is null or "" || Text(t["key"]) == key) && Text(t["effect"]) is null or "" or "NoExecute");
            if (!tolerated)
            {
                missing.Add(key);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        if (tolerations is null)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        foreach (var key in missing)
        {
            tolerations.Add(new JsonObject
            {
                ["key"] = key,
                ["operator"] = "Exists",
                ["effect"] = "NoExecute",
                ["tolerationSeconds"] = DefaultTolerationSeconds,
            });
        }
    }

    /// <summary>
    /// serviceAccountName "default" (mirror pods excepted). Upstream also mounts a projected token
    /// volume (kube-api-access-*); that needs the token controller and the root CA ConfigMap, which
    /// do not exist yet, so it is left out here.
    /// </summary>
    private static void ServiceAccount(JsonObject pod, JsonObject spec)
    {
        if (pod["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject annotations && annotations.ContainsKey(MirrorAnnotation))
        {
            return;
        }

        if (string.IsNullOrEmpty(Text(spec["serviceAccountName"])))
        {
            spec["serviceAccountName"] = "default";
            spec["serviceAccount"] = "default";
        }
    }

    /// <summary>
    /// Priority 0 and PreemptLowerPriority without a class (there is no global default class), the
    /// built-in classes' values for them; other classes would need a PriorityClass lookup, which
    /// strategies cannot make, so their pods keep what they were given.
    /// </summary>
    private static void Priority(JsonObject spec)
    {
        var className = Text(spec["priorityClassName"]);
        if (string.IsNullOrEmpty(className))
        {
            DefaultValue(spec, "priority", 0L);
        }
        else if (SystemPriorities.TryGetValue(className, out var value))
        {
            DefaultValue(spec, "priority", value);
        }
        else
        {
            return;
        }

        DefaultValue(spec, "preemptionPolicy", "PreemptLowerPriority");
    }
}
