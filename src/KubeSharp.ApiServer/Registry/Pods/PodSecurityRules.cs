using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>Upstream's validation of pod and container security contexts (user and group ids, sysctls, seccomp and AppArmor profiles).</summary>
internal static partial class PodSecurityRules
{
    private const string SysctlPattern = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

    /// <summary>validatePodSpecSecurityContext (hostNetwork, hostPID and hostIPC are on the v1 spec itself).</summary>
    public static void Pod(FieldErrors errors, string path, JsonObject spec)
    {
        if (spec["securityContext"] is not JsonObject context)
        {
            return;
        }

        var field = path + ".securityContext";
        FieldRules.Id(errors, field + ".fsGroup", Number(context["fsGroup"]));
        FieldRules.Id(errors, field + ".runAsUser", Number(context["runAsUser"]));
        FieldRules.Id(errors, field + ".runAsGroup", Number(context["runAsGroup"]));
        var index = 0;
        foreach (var group in context["supplementalGroups"] as JsonArray ?? [])
        {
            FieldRules.Id(errors, $"{field}.supplementalGroups[{index++}]", Number(group));
        }

        if (Flag(context["shareProcessNamespace"]) == true && Flag(spec["hostPID"]) == true)
        {
            errors.Invalid(field + ".shareProcessNamespace", true, "ShareProcessNamespace and HostPID cannot both be enabled");
        }

        Sysctls(errors, field + ".sysctls", context["sysctls"], spec);
        if (Text(context["fsGroupChangePolicy"]) is { } changePolicy && changePolicy is not ("OnRootMismatch" or "Always"))
        {
            errors.NotSupported(field + ".fsGroupChangePolicy", changePolicy, ["Always", "OnRootMismatch"]);
        }

        Seccomp(errors, field + ".seccompProfile", context["seccompProfile"]);
        AppArmor(errors, field + ".appArmorProfile", context["appArmorProfile"]);
    }

    /// <summary>ValidateSecurityContext of one container.</summary>
    public static void Container(FieldErrors errors, string field, JsonObject? context)
    {
        if (context is null)
        {
            return;
        }

        FieldRules.Id(errors, field + ".runAsUser", Number(context["runAsUser"]));
        FieldRules.Id(errors, field + ".runAsGroup", Number(context["runAsGroup"]));
        Seccomp(errors, field + ".seccompProfile", context["seccompProfile"]);
        AppArmor(errors, field + ".appArmorProfile", context["appArmorProfile"]);
        if (Flag(context["allowPrivilegeEscalation"]) == false)
        {
            if (Flag(context["privileged"]) == true)
            {
                errors.Invalid(field, context.ToJsonString(), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true");
            }

            if (Texts(context.Get("capabilities.add")).Contains("CAP_SYS_ADMIN"))
            {
                errors.Invalid(field, context.ToJsonString(), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
            }
        }
    }

    private static void Sysctls(FieldErrors errors, string field, JsonNode? sysctls, JsonObject spec)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var sysctl in (sysctls as JsonArray).Objects())
        {
            var at = $"{field}[{index++}].name";
            var name = Text(sysctl["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at);
            }
            else if (name.Length > 253 || !SysctlName().IsMatch(name))
            {
                errors.Invalid(at, name, $"must have at most 253 characters and match regex {SysctlPattern}");
            }
            else if (names.Contains(name))
            {
                errors.Duplicate(at, name);
            }

            if (Flag(spec["hostNetwork"]) == true && name.StartsWith("net.", StringComparison.Ordinal))
            {
                errors.Invalid(at, name, "may not be specified when 'hostNetwork' is true");
            }
            else if (Flag(spec["hostIPC"]) == true && IsIpcSysctl(name))
            {
                errors.Invalid(at, name, "may not be specified when 'hostIPC' is true");
            }

            names.Add(name);
        }
    }

    private static bool IsIpcSysctl(string name) =>
        name == "kernel.sem" || name.StartsWith("kernel.shm", StringComparison.Ordinal)
        || name.StartsWith("kernel.msg", StringComparison.Ordinal) || name.StartsWith("fs.mqueue.", StringComparison.Ordinal);

    /// <summary>validateSeccompProfileField.</summary>
    private static void Seccomp(FieldErrors errors, string field, JsonNode? profile)
    {
        if (profile is not JsonObject seccomp)
        {
            return;
        }

        var type = Text(seccomp["type"]) ?? string.Empty;
        if (type.Length == 0)
        {
            errors.Required(field + ".type", "type is required when seccompProfile is set");
        }
        else if (type is not ("Localhost" or "RuntimeDefault" or "Unconfined"))
        {
            errors.NotSupported(field + ".type", type, ["Localhost", "RuntimeDefault", "Unconfined"]);
        }

        var localhost = Text(seccomp["localhostProfile"]);
        if (type == "Localhost")
        {
            if (localhost is null)
            {
                errors.Required(field + ".localhostProfile", "must be set when seccomp type is Localhost");
            }
            else
            {
                FieldRules.LocalDescendingPath(errors, field + ".localhostProfile", localhost);
            }
        }
        else if (localhost is not null)
        {
            errors.Invalid(field + ".localhostProfile", seccomp.ToJsonString(), "can only be set when seccomp type is Localhost");
        }
    }

    /// <summary>ValidateAppArmorProfileField.</summary>
    private static void AppArmor(FieldErrors errors, string field, JsonNode? profile)
    {
        if (profile is not JsonObject appArmor)
        {
            return;
        }

        var localhost = Text(appArmor["localhostProfile"]);
        switch (Text(appArmor["type"]) ?? string.Empty)
        {
            case "Localhost":
                if (localhost is null)
                {
                    errors.Required(field + ".localhostProfile", "must be set when AppArmor type is Localhost");
                    break;
                }

                if (localhost.Trim() != localhost)
                {
                    errors.Invalid(field + ".localhostProfile", localhost, "must not be padded with whitespace");
                }
                else if (localhost.Length == 0)
                {
                    errors.Required(field + ".localhostProfile", "must be set when AppArmor type is Localhost");
                }

                if (localhost.Length > 4095)
                {
                    errors.TooLong(field + ".localhostProfile", 4095);
                }

                break;
            case "RuntimeDefault" or "Unconfined":
                if (localhost is not null)
                {
                    errors.Invalid(field + ".localhostProfile", localhost, "can only be set when AppArmor type is Localhost");
                }

                break;
            case "":
                errors.Required(field + ".type", "type is required when appArmorProfile is set");
                break;
            case var type:
                errors.NotSupported(field + ".type", type, ["Localhost", "RuntimeDefault", "Unconfined"]);
                break;
        }
    }

    [GeneratedRegex(SysctlPattern)]
    private static partial Regex SysctlName();
}
