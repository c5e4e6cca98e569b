using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Handlers;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// Defaulting and validation of a PodSpec and of a pod template, shared by pods and the workload
/// resources that embed templates (upstream's SetDefaults_PodSpec, ValidatePodSpec, ValidatePodTemplateSpec).
/// </summary>
internal static class PodSpecRules
{
    /// <summary>Defaults of a PodSpec; with <paramref name="isPod"/> false (templates) the pod-only SetDefaults_Pod is skipped.</summary>
    public static void Default(JsonObject podSpec, bool isPod) => PodSpecDefaults.Apply(podSpec, isPod);

    /// <summary>ValidatePodSpec at the given field path (e.g. "spec", or "spec.template.spec").</summary>
    public static void Validate(JsonObject podSpec, string path, FieldErrors errors)
    {
        if (podSpec["terminationGracePeriodSeconds"] is null)
        {
            errors.Required(path + ".terminationGracePeriodSeconds");
        }

        var volumes = VolumeRules.Validate(errors, path + ".volumes", podSpec["volumes"]);
        var claims = ResourceClaims(errors, path + ".resourceClaims", podSpec["resourceClaims"]);
        ContainerRules.Containers(errors, path, podSpec, volumes, claims);
        ContainerRules.InitContainers(errors, path, podSpec, volumes, claims);
        HostNetworkPorts(errors, path, podSpec);
        Choice(errors, path + ".restartPolicy", podSpec["restartPolicy"], ["Always", "OnFailure", "Never"]);
        Choice(errors, path + ".dnsPolicy", podSpec["dnsPolicy"], ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]);
        FieldRules.Labels(errors, path + ".nodeSelector", podSpec["nodeSelector"]);
        PodSecurityRules.Pod(errors, path, podSpec);
        SchedulingRules.Affinity(errors, path + ".affinity", podSpec["affinity"]);
        DnsConfig(errors, path + ".dnsConfig", podSpec);
        Gates(errors, path, podSpec);
        SchedulingRules.TopologySpread(errors, path + ".topologySpreadConstraints", podSpec["topologySpreadConstraints"]);
        Names(errors, path, podSpec);
        if (Number(podSpec["activeDeadlineSeconds"]) is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Invalid(path + ".activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive");
        }

        SchedulingRules.Tolerations(errors, path + ".tolerations", podSpec["tolerations"]);
        HostAliases(errors, path + ".hostAliases", podSpec["hostAliases"]);
        if (podSpec["preemptionPolicy"] is not null)
        {
            Choice(errors, path + ".preemptionPolicy", podSpec["preemptionPolicy"], ["PreemptLowerPriority", "Never"]);
        }

        if (podSpec["overhead"] is JsonObject overhead)
        {
            ContainerRules.Resources(errors, path + ".overhead", new JsonObject { ["limits"] = overhead.DeepClone() }, claims: null);
        }

        if (podSpec["os"] is JsonObject os)
        {
            var osName = Text(os["name"]) ?? string.Empty;
            if (osName.Length == 0)
            {
                errors.Required(path + ".os.name", "cannot be empty");
            }
            else if (osName is not ("linux" or "windows"))
            {
                errors.NotSupported(path + ".os", osName, ["linux", "windows"]);
            }
        }
    }

    /// <summary>Defaults of a pod template (at e.g. spec.template): its PodSpec, and the metadata a Go template always shows.</summary>
    public static void DefaultTemplate(JsonObject template)
    {
        template["metadata"] ??= new JsonObject();
        if (template["metadata"] is JsonObject metadata && !metadata.ContainsKey("creationTimestamp"))
        {
            // A zero metav1.Time inside a template: upstream prints "creationTimestamp: null".
            metadata["creationTimestamp"] = null;
        }

        template["spec"] ??= new JsonObject();
        if (template["spec"] is JsonObject spec)
        {
            Default(spec, isPod: false);
        }
    }

    /// <summary>ValidatePodTemplateSpec at the given path (e.g. "spec.template"): labels, annotations and the PodSpec.</summary>
    public static void ValidateTemplate(JsonObject template, string path, FieldErrors errors)
    {
        var metadata = template["metadata"] as JsonObject ?? [];
        var spec = template["spec"] as JsonObject ?? [];
        FieldRules.Labels(errors, path + ".labels", metadata["labels"]);
        var annotations = metadata.GetStringMap("annotations");
        Annotations(errors, path + ".annotations", annotations);
        PodAnnotationRules.Validate(errors, path + ".annotations", annotations, spec);
        Validate(spec, path + ".spec", errors);
        if (spec["ephemeralContainers"] is JsonArray { Count: > 0 })
        {
            errors.Forbidden(path + ".spec.ephemeralContainers", "ephemeral containers not allowed in pod template");
        }
    }

    /// <summary>ValidateAnnotations: keys are (lower-cased) qualified names, and all of them fit in 256 KiB.</summary>
    private static void Annotations(FieldErrors errors, string field, Dictionary<string, string> annotations)
    {
        var size = 0;
        foreach (var (key, value) in annotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (ObjectNames.QualifiedNameError(key.ToLowerInvariant()) is { } problem)
            {
                errors.Invalid(field, key, problem);
            }

            size += key.Length + value.Length;
        }

        if (size > ObjectMetaRules.TotalAnnotationSizeLimit)
        {
            errors.TooLong(field, ObjectMetaRules.TotalAnnotationSizeLimit);
        }
    }

    /// <summary>validatePodResourceClaims; returns the claims' names (what containers may refer to).</summary>
    private static HashSet<string> ResourceClaims(FieldErrors errors, string field, JsonNode? resourceClaims)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var claim in (resourceClaims as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            var name = Text(claim["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at + ".name");
            }
            else if (!names.Add(name))
            {
                errors.Duplicate(at + ".name", name);
            }
            else
            {
                FieldRules.Dns1123Label(errors, at + ".name", name);
            }

            var claimName = Text(claim["resourceClaimName"]);
            var templateName = Text(claim["resourceClaimTemplateName"]);
            if (claimName is not null && templateName is not null)
            {
                errors.Invalid(at, claim.ToJsonString(), "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified");
            }
            else if (claimName is null && templateName is null)
            {
                errors.Invalid(at, claim.ToJsonString(), "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`");
            }

            if (claimName is not null)
            {
                FieldRules.Dns1123Subdomain(errors, at + ".resourceClaimName", claimName);
            }

            if (templateName is not null)
            {
                FieldRules.Dns1123Subdomain(errors, at + ".resourceClaimTemplateName", templateName);
            }
        }

        return names;
    }

    /// <summary>validatePodHostNetworkDeps: under host networking a container's host port is its container port.</summary>
    private static void HostNetworkPorts(FieldErrors errors, string path, JsonObject spec)
    {
        if (Flag(spec["hostNetwork"]) != true)
        {
            return;
        }

        var index = 0;
        foreach (var container in (spec["containers"] as JsonArray).Objects())
        {
            var port = 0;
            foreach (var containerPort in (container["ports"] as JsonArray).Objects())
            {
                // Templates may leave hostPort unset; pods have it defaulted to containerPort.
                var hostPort = Number(containerPort["hostPort"]) ?? 0;
                if (hostPort != 0 && hostPort != (Number(containerPort["containerPort"]) ?? 0))
                {
                    errors.Invalid($"{path}.containers[{index}].ports[{port}].hostPort", hostPort, "must match `containerPort` when `hostNetwork` is true");
                }

                port++;
            }

            index++;
        }
    }

    /// <summary>validatePodDNSConfig.</summary>
    private static void DnsConfig(FieldErrors errors, string field, JsonObject spec)
    {
        var config = spec["dnsConfig"] as JsonObject;
        var nameservers = Texts(config?["nameservers"]);
        if (Text(spec["dnsPolicy"]) == "None")
        {
            if (config is null)
            {
                errors.Required(field, "must provide `dnsConfig` when `dnsPolicy` is None");
                return;
            }

            if (nameservers.Count == 0)
            {
                errors.Required(field + ".nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None");
                return;
            }
        }

        if (config is null)
        {
            return;
        }

        if (nameservers.Count > 3)
        {
            FieldRules.InvalidRaw(errors, field + ".nameservers", FieldRules.GoStrings(nameservers), "must not have more than 3 nameservers");
        }

        for (var i = 0; i < nameservers.Count; i++)
        {
            IpAddresses.Validate(errors, $"{field}.nameservers[{i}]", nameservers[i]);
        }

        var searches = Texts(config["searches"]);
        if (searches.Count > 32)
        {
            FieldRules.InvalidRaw(errors, field + ".searches", FieldRules.GoStrings(searches), "must not have more than 32 search paths");
        }

        if (string.Join(' ', searches).Length > 2048)
        {
            FieldRules.InvalidRaw(errors, field + ".searches", FieldRules.GoStrings(searches), "must not have more than 2048 characters (including spaces) in the search list");
        }

        for (var i = 0; i < searches.Count; i++)
        {
            var search = searches[i].EndsWith('.') ? searches[i][..^1] : searches[i];
            FieldRules.Dns1123Subdomain(errors, $"{field}.searches[{i}]", search);
        }

        var index = 0;
        foreach (var option in (config["options"] as JsonArray).Objects())
        {
            if (string.IsNullOrEmpty(Text(option["name"])))
            {
                errors.Required($"{field}.options[{index}]", "must not be empty");
            }

            index++;
        }
    }

    /// <summary>Readiness gates' condition types and scheduling gates' names: qualified names, the latter unique.</summary>
    private static void Gates(FieldErrors errors, string path, JsonObject spec)
    {
        var index = 0;
        foreach (var gate in (spec["readinessGates"] as JsonArray).Objects())
        {
            FieldRules.QualifiedName(errors, $"{path}.readinessGates[{index++}].conditionType", Text(gate["conditionType"]) ?? string.Empty);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        index = 0;
        foreach (var gate in (spec["schedulingGates"] as JsonArray).Objects())
        {
            var at = $"{path}.schedulingGates[{index++}]";
            var name = Text(gate["name"]) ?? string.Empty;
            FieldRules.QualifiedName(errors, at, name);
            if (!seen.Add(name))
            {
                errors.Duplicate(at, name);
            }
        }
    }

    /// <summary>The names a PodSpec refers to: service account, node, host and subdomain, priority and runtime classes.</summary>
    private static void Names(FieldErrors errors, string path, JsonObject spec)
    {
        foreach (var subdomain in new[] { "serviceAccountName", "nodeName" })
        {
            if (Text(spec[subdomain]) is { Length: > 0 } name)
            {
                FieldRules.Dns1123Subdomain(errors, $"{path}.{subdomain}", name);
            }
        }

        foreach (var label in new[] { "hostname", "subdomain" })
        {
            if (Text(spec[label]) is { Length: > 0 } name)
            {
                FieldRules.Dns1123Label(errors, $"{path}.{label}", name);
            }
        }

        foreach (var className in new[] { "priorityClassName", "runtimeClassName" })
        {
            if (Text(spec[className]) is { Length: > 0 } name)
            {
                FieldRules.Dns1123Subdomain(errors, $"{path}.{className}", name);
            }
        }
    }

    /// <summary>ValidateHostAliases.</summary>
    private static void HostAliases(FieldErrors errors, string field, JsonNode? aliases)
    {
        var index = 0;
        foreach (var alias in (aliases as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            IpAddresses.Validate(errors, at + ".ip", Text(alias["ip"]) ?? string.Empty);
            var hostnames = Texts(alias["hostnames"]);
            for (var i = 0; i < hostnames.Count; i++)
            {
                FieldRules.Dns1123Subdomain(errors, $"{at}.hostnames[{i}]", hostnames[i]);
            }
        }
    }

    /// <summary>An enum field: empty is Required, anything else outside the list NotSupported.</summary>
    private static void Choice(FieldErrors errors, string field, JsonNode? value, string[] supported)
    {
        var text = Text(value) ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Required(field);
        }
        else if (!supported.Contains(text))
        {
            errors.NotSupported(field, text, supported);
        }
    }
}
