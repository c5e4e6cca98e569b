using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>ValidatePodSpecificAnnotations: the annotations with a meaning for pods (mirror, deletion cost, seccomp, AppArmor).</summary>
internal static class PodAnnotationRules
{
    private const string DeletionCost = "controller.kubernetes.io/pod-deletion-cost";
    private const string SeccompPod = "seccomp.security.alpha.kubernetes.io/pod";
    private const string SeccompContainerPrefix = "container.seccomp.security.alpha.kubernetes.io/";
    private const string AppArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";

    /// <summary>The annotations (at <paramref name="field"/>, e.g. metadata.annotations) against the pod spec they describe.</summary>
    public static void Validate(FieldErrors errors, string field, IReadOnlyDictionary<string, string> annotations, JsonObject spec)
    {
        if (annotations.TryGetValue(PodAdmission.MirrorAnnotation, out var mirror) && mirror.Length > 0 && string.IsNullOrEmpty(Text(spec["nodeName"])))
        {
            errors.Invalid($"{field}[{PodAdmission.MirrorAnnotation}]", mirror, "must set spec.nodeName if mirror pod annotation is set");
        }

        if (annotations.TryGetValue(DeletionCost, out var cost) && !int.TryParse(cost, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            errors.Invalid($"{field}[{DeletionCost}]", cost, "must be a 32bit integer");
        }

        var containers = (spec["containers"] as JsonArray).Objects()
            .Concat((spec["initContainers"] as JsonArray).Objects())
            .Concat((spec["ephemeralContainers"] as JsonArray).Objects())
            .Select(c => Text(c["name"]) ?? string.Empty)
            .ToList();
        if (annotations.TryGetValue(SeccompPod, out var podProfile))
        {
            SeccompProfile(errors, $"{field}.{SeccompPod}", podProfile);
        }

        foreach (var container in containers)
        {
            if (annotations.TryGetValue(SeccompContainerPrefix + container, out var profile))
            {
                SeccompProfile(errors, $"{field}.{SeccompContainerPrefix}{container}", profile);
            }
        }

        foreach (var (key, value) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(AppArmorPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var container = key[AppArmorPrefix.Length..];
            if (!containers.Contains(container))
            {
                errors.Invalid($"{field}[{key}]", container, "container not found");
            }

            if (value.Length > 0 && value is not ("runtime/default" or "unconfined") && !value.StartsWith("localhost/", StringComparison.Ordinal))
            {
                errors.Invalid($"{field}[{key}]", value, $"invalid AppArmor profile name: \"{value}\"");
            }
        }
    }

    /// <summary>ValidateSeccompProfile (the annotation form; reported at a dotted path, as upstream).</summary>
    private static void SeccompProfile(FieldErrors errors, string field, string profile)
    {
        if (profile is "runtime/default" or "docker/default" or "unconfined")
        {
            return;
        }

        if (profile.StartsWith("localhost/", StringComparison.Ordinal))
        {
            FieldRules.LocalDescendingPath(errors, field, profile["localhost/".Length..]);
            return;
        }

        errors.Invalid(field, profile, "must be a valid seccomp profile");
    }
}
