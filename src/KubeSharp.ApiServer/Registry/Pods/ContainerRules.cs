using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>Upstream's validation of a PodSpec's containers and init containers (validateContainers, validateInitContainers and what they call).</summary>
internal static partial class ContainerRules
{
    private const string InitOnlyMessage = "may not be set for init containers without restartPolicy=Always";

    private static readonly string[] ProbeKinds = ["livenessProbe", "readinessProbe", "startupProbe"];

    /// <summary>The fields environment variables may take from the pod.</summary>
    private static readonly HashSet<string> EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
        "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    public static void Containers(FieldErrors errors, string path, JsonObject spec, IReadOnlyDictionary<string, JsonObject> volumes, IReadOnlySet<string> claims)
    {
        var field = path + ".containers";
        var containers = ContainerList(spec["containers"]);
        if (containers.Count == 0)
        {
            errors.Required(field);
            return;
        }

        var grace = Number(spec["terminationGracePeriodSeconds"]);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var at = $"{field}[{i}]";
            Common(errors, at, container, volumes, claims);
            var name = Text(container["name"]) ?? string.Empty;
            if (!names.Add(name))
            {
                errors.Duplicate(at + ".name", name);
            }

            Lifecycle(errors, at, container, grace);
            foreach (var kind in ProbeKinds)
            {
                Probe(errors, at, container, kind);
            }

            if (container["restartPolicy"] is not null)
            {
                errors.Forbidden(at + ".restartPolicy", "may not be set for non-init containers");
            }
        }

        HostPortConflicts(errors, field, containers);
    }

    public static void InitContainers(FieldErrors errors, string path, JsonObject spec, IReadOnlyDictionary<string, JsonObject> volumes, IReadOnlySet<string> claims)
    {
        var field = path + ".initContainers";
        var grace = Number(spec["terminationGracePeriodSeconds"]);
        var names = new HashSet<string>(ContainerList(spec["containers"]).Select(c => Text(c["name"]) ?? string.Empty), StringComparer.Ordinal);
        var containers = ContainerList(spec["initContainers"]);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var at = $"{field}[{i}]";
            Common(errors, at, container, volumes, claims);
            var restartPolicy = Text(container["restartPolicy"]);
            if (restartPolicy is not (null or "Always"))
            {
                errors.NotSupported(at + ".restartPolicy", restartPolicy, ["Always"]);
            }

            var name = Text(container["name"]) ?? string.Empty;
            if (names.Contains(name))
            {
                errors.Duplicate(at + ".name", name);
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }

            // Init containers run one by one, so each is checked alone (upstream reports them at index 0).
            HostPortConflicts(errors, field, [container]);
            if (restartPolicy == "Always")
            {
                Lifecycle(errors, at, container, grace);
                foreach (var kind in ProbeKinds)
                {
                    Probe(errors, at, container, kind);
                }
            }
            else
            {
                foreach (var kind in ProbeKinds.Prepend("lifecycle"))
                {
                    if (container[kind] is not null)
                    {
                        errors.Forbidden($"{at}.{kind}", InitOnlyMessage);
                    }
                }
            }
        }
    }

    /// <summary>validateResourceRequirements: names, quantities, requests within limits, and claims (when given the pod's claim names).</summary>
    public static void Resources(FieldErrors errors, string field, JsonObject? resources, IReadOnlySet<string>? claims)
    {
        var limits = resources?["limits"] as JsonObject ?? [];
        var requests = resources?["requests"] as JsonObject ?? [];
        var computeLimited = false;
        var computeRequested = false;
        var hugePages = false;
        foreach (var (name, quantity) in limits.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"{field}.limits[{name}]";
            ResourceNames.ValidateContainer(errors, at, name);
            ResourceNames.ValidateQuantity(errors, at, name, quantity);
            hugePages |= HugePageValue(errors, at, name, quantity);
            computeLimited |= name is "cpu" or "memory";
        }

        foreach (var (name, quantity) in requests.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = $"{field}.requests[{name}]";
            ResourceNames.ValidateContainer(errors, at, name);
            ResourceNames.ValidateQuantity(errors, at, name, quantity);
            var request = Quantities.Parse(quantity);
            if (limits.ContainsKey(name))
            {
                var limit = Quantities.Parse(limits[name]);
                if (request != limit && !ResourceNames.IsOvercommitAllowed(name))
                {
                    errors.Invalid(field + ".requests", Quantities.Text(quantity), $"must be equal to {name} limit of {Quantities.Text(limits[name])}");
                }
                else if (request > limit)
                {
                    errors.Invalid(field + ".requests", Quantities.Text(quantity), $"must be less than or equal to {name} limit of {Quantities.Text(limits[name])}");
                }
            }
            else if (!ResourceNames.IsOvercommitAllowed(name))
            {
                errors.Required(field + ".limits", "Limit must be set for non overcommitable resources");
            }

            hugePages |= HugePageValue(errors, at, name, quantity);
            computeRequested |= name is "cpu" or "memory";
        }

        if (!computeLimited && !computeRequested && hugePages)
        {
            errors.Forbidden(field, "HugePages require cpu or memory");
        }

        if (claims is not null)
        {
            Claims(errors, field + ".claims", resources?["claims"], claims);
        }
    }

    private static List<JsonObject> ContainerList(JsonNode? containers) =>
        containers is JsonArray array ? [.. array.Select(c => c as JsonObject ?? [])] : [];

    /// <summary>validateContainerCommon.</summary>
    private static void Common(FieldErrors errors, string field, JsonObject container, IReadOnlyDictionary<string, JsonObject> volumes, IReadOnlySet<string> claims)
    {
        var name = Text(container["name"]) ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(field + ".name");
        }
        else
        {
            FieldRules.Dns1123Label(errors, field + ".name", name);
        }

        if (string.IsNullOrEmpty(Text(container["image"])))
        {
            errors.Required(field + ".image");
        }

        var messagePolicy = Text(container["terminationMessagePolicy"]) ?? string.Empty;
        if (messagePolicy.Length == 0)
        {
            errors.Required(field + ".terminationMessagePolicy");
        }
        else if (messagePolicy is not ("File" or "FallbackToLogsOnError"))
        {
            errors.NotSupported(field + ".terminationMessagePolicy", messagePolicy, ["File", "FallbackToLogsOnError"]);
        }

        var mounts = (container["volumeMounts"] as JsonArray).Objects().ToList();
        var devices = (container["volumeDevices"] as JsonArray).Objects().ToList();
        Ports(errors, field + ".ports", container["ports"]);
        Env(errors, field + ".env", container["env"]);
        EnvFrom(errors, field + ".envFrom", container["envFrom"]);
        VolumeMounts(errors, field + ".volumeMounts", mounts, devices, volumes, container);
        VolumeDevices(errors, field + ".volumeDevices", devices, mounts, volumes);
        var pullPolicy = Text(container["imagePullPolicy"]) ?? string.Empty;
        if (pullPolicy.Length == 0)
        {
            errors.Required(field + ".imagePullPolicy");
        }
        else if (pullPolicy is not ("Always" or "IfNotPresent" or "Never"))
        {
            errors.NotSupported(field + ".imagePullPolicy", pullPolicy, ["Always", "IfNotPresent", "Never"]);
        }

        Resources(errors, field + ".resources", container["resources"] as JsonObject, claims);
        PodSecurityRules.Container(errors, field + ".securityContext", container["securityContext"] as JsonObject);
    }

    /// <summary>validateContainerPorts.</summary>
    private static void Ports(FieldErrors errors, string field, JsonNode? ports)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var port in (ports as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            if (Text(port["name"]) is { Length: > 0 } name)
            {
                var problems = FieldRules.PortNameProblems(name).ToList();
                foreach (var problem in problems)
                {
                    errors.Invalid(at + ".name", name, problem);
                }

                if (problems.Count == 0 && !names.Add(name))
                {
                    errors.Duplicate(at + ".name", name);
                }
            }

            var containerPort = Number(port["containerPort"]) ?? 0;
            if (containerPort == 0)
            {
                errors.Required(at + ".containerPort");
            }
            else
            {
                FieldRules.Port(errors, at + ".containerPort", containerPort);
            }

            if (Number(port["hostPort"]) is { } hostPort && hostPort != 0)
            {
                FieldRules.Port(errors, at + ".hostPort", hostPort);
            }

            Protocol(errors, at + ".protocol", Text(port["protocol"]) ?? string.Empty);
        }
    }

    /// <summary>A port's protocol: TCP, UDP or SCTP (shared by Services and Endpoints).</summary>
    public static void Protocol(FieldErrors errors, string field, string protocol)
    {
        if (protocol.Length == 0)
        {
            errors.Required(field);
        }
        else if (protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.NotSupported(field, protocol, ["SCTP", "TCP", "UDP"]);
        }
    }

    /// <summary>ValidateEnv, with 1.32's relaxed names (RelaxedEnvironmentVariableValidation is on).</summary>
    private static void Env(FieldErrors errors, string field, JsonNode? variables)
    {
        var index = 0;
        foreach (var variable in (variables as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            var name = Text(variable["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at + ".name");
            }
            else
            {
                EnvName(errors, at + ".name", name);
            }

            if (variable["valueFrom"] is JsonObject valueFrom)
            {
                ValueFrom(errors, at + ".valueFrom", valueFrom, Text(variable["value"]) ?? string.Empty);
            }
        }
    }

    private static void EnvName(FieldErrors errors, string field, string name)
    {
        if (name.Any(c => c is < ' ' or > '~' || c == '='))
        {
            errors.Invalid(field, name, "a valid environment variable name must consist only of printable ASCII characters other than '='");
        }
    }

    private static void ValueFrom(FieldErrors errors, string field, JsonObject valueFrom, string value)
    {
        var sources = 0;
        if (valueFrom["fieldRef"] is JsonObject fieldRef)
        {
            sources++;
            VolumeRules.FieldRef(errors, field + ".fieldRef", fieldRef, EnvFieldPaths);
        }

        if (valueFrom["resourceFieldRef"] is JsonObject resourceFieldRef)
        {
            sources++;
            VolumeRules.ResourceFieldRef(errors, field + ".resourceFieldRef", resourceFieldRef, inVolume: false);
        }

        foreach (var kind in new[] { "configMapKeyRef", "secretKeyRef" })
        {
            if (valueFrom[kind] is not JsonObject keyRef)
            {
                continue;
            }

            sources++;
            var name = Text(keyRef["name"]) ?? string.Empty;
            FieldRules.Dns1123Subdomain(errors, $"{field}.{kind}.name", name);
            var key = Text(keyRef["key"]) ?? string.Empty;
            if (key.Length == 0)
            {
                errors.Required($"{field}.{kind}.key");
                continue;
            }

            foreach (var problem in FieldRules.ConfigMapKeyProblems(key))
            {
                errors.Invalid($"{field}.{kind}.key", key, problem);
            }
        }

        if (sources == 0)
        {
            errors.Invalid(field, string.Empty, "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        }
        else if (value.Length != 0)
        {
            errors.Invalid(field, string.Empty, "may not be specified when `value` is not empty");
        }
        else if (sources > 1)
        {
            errors.Invalid(field, string.Empty, "may not have more than one field specified at a time");
        }
    }

    /// <summary>ValidateEnvFrom.</summary>
    private static void EnvFrom(FieldErrors errors, string field, JsonNode? sources)
    {
        var index = 0;
        foreach (var source in (sources as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            if (Text(source["prefix"]) is { Length: > 0 } prefix)
            {
                EnvName(errors, at + ".prefix", prefix);
            }

            var count = 0;
            foreach (var kind in new[] { "configMapRef", "secretRef" })
            {
                if (source[kind] is not JsonObject reference)
                {
                    continue;
                }

                count++;
                var name = Text(reference["name"]) ?? string.Empty;
                if (name.Length == 0)
                {
                    errors.Required($"{at}.{kind}.name");
                }
                else if (FieldRules.Dns1123SubdomainPrefixProblem(name) is { } problem)
                {
                    errors.Invalid($"{at}.{kind}.name", name, problem);
                }
            }

            if (count == 0)
            {
                errors.Invalid(field, string.Empty, "must specify one of: `configMapRef` or `secretRef`");
            }
            else if (count > 1)
            {
                errors.Invalid(field, string.Empty, "may not have more than one field specified at a time");
            }
        }
    }

    /// <summary>ValidateVolumeMounts (with upstream's unindexed paths for subPath, subPathExpr and mountPropagation).</summary>
    private static void VolumeMounts(FieldErrors errors, string field, List<JsonObject> mounts, List<JsonObject> devices, IReadOnlyDictionary<string, JsonObject> volumes, JsonObject container)
    {
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        var deviceNames = devices.Select(d => Text(d["name"]) ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var devicePaths = devices.Select(d => Text(d["devicePath"]) ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var privileged = Flag(container.Get("securityContext.privileged")) == true;
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var at = $"{field}[{i}]";
            var name = Text(mount["name"]) ?? string.Empty;
            var mountPath = Text(mount["mountPath"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at + ".name");
            }

            if (!volumes.ContainsKey(name))
            {
                FieldRules.NotFound(errors, at + ".name", name);
            }

            if (mountPath.Length == 0)
            {
                errors.Required(at + ".mountPath");
            }

            if (!mountPaths.Add(mountPath))
            {
                errors.Invalid(at + ".mountPath", mountPath, "must be unique");
            }

            if (deviceNames.Contains(name))
            {
                errors.Invalid(at + ".name", name, "must not already exist in volumeDevices");
            }

            if (devicePaths.Contains(mountPath))
            {
                errors.Invalid(at + ".mountPath", mountPath, "must not already exist as a path in volumeDevices");
            }

            var subPath = Text(mount["subPath"]) ?? string.Empty;
            if (subPath.Length > 0)
            {
                FieldRules.LocalDescendingPath(errors, field + ".subPath", subPath);
            }

            if (Text(mount["subPathExpr"]) is { Length: > 0 } subPathExpr)
            {
                if (subPath.Length > 0)
                {
                    errors.Invalid(at + ".subPathExpr", subPathExpr, "subPathExpr and subPath are mutually exclusive");
                }

                FieldRules.LocalDescendingPath(errors, field + ".subPathExpr", subPathExpr);
            }

            var propagation = Text(mount["mountPropagation"]);
            if (propagation is not null)
            {
                if (propagation is not ("Bidirectional" or "HostToContainer" or "None"))
                {
                    errors.NotSupported(field + ".mountPropagation", propagation, ["Bidirectional", "HostToContainer", "None"]);
                }

                if (propagation == "Bidirectional" && !privileged)
                {
                    errors.Forbidden(field + ".mountPropagation", "Bidirectional mount propagation is available only to privileged containers");
                }
            }

            RecursiveReadOnly(errors, field + ".recursiveReadOnly", mount, propagation);
        }
    }

    private static void RecursiveReadOnly(FieldErrors errors, string field, JsonObject mount, string? propagation)
    {
        switch (Text(mount["recursiveReadOnly"]))
        {
            case null or "Disabled":
                break;
            case "Enabled" or "IfPossible":
                if (Flag(mount["readOnly"]) != true)
                {
                    errors.Forbidden(field, "may only be specified when readOnly is true");
                }

                if (propagation is not (null or "None"))
                {
                    errors.Forbidden(field, "may only be specified when mountPropagation is None or not specified");
                }

                break;
            case var other:
                errors.NotSupported(field, other, ["Disabled", "Enabled", "IfPossible"]);
                break;
        }
    }

    /// <summary>ValidateVolumeDevices: block devices from PersistentVolumeClaim or ephemeral volumes.</summary>
    private static void VolumeDevices(FieldErrors errors, string field, List<JsonObject> devices, List<JsonObject> mounts, IReadOnlyDictionary<string, JsonObject> volumes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var mountNames = mounts.Select(m => Text(m["name"]) ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var mountPaths = mounts.Select(m => Text(m["mountPath"]) ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < devices.Count; i++)
        {
            var at = $"{field}[{i}]";
            var name = Text(devices[i]["name"]) ?? string.Empty;
            var path = Text(devices[i]["devicePath"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at + ".name");
            }

            if (names.Contains(name))
            {
                errors.Invalid(at + ".name", name, "must be unique");
            }

            if (volumes.TryGetValue(name, out var volume))
            {
                if (volume["persistentVolumeClaim"] is null && volume["ephemeral"] is null)
                {
                    errors.Invalid(at + ".name", name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode");
                }
            }
            else
            {
                FieldRules.NotFound(errors, at + ".name", name);
            }

            if (path.Length == 0)
            {
                errors.Required(at + ".devicePath");
            }

            if (paths.Contains(path))
            {
                errors.Invalid(at + ".devicePath", path, "must be unique");
            }

            if (path.Length > 0 && FieldRules.HasBacksteps(path))
            {
                errors.Invalid(at + ".devicePath", path, "can not contain backsteps ('..')");
            }
            else
            {
                paths.Add(path);
            }

            if (mountNames.Contains(name))
            {
                errors.Invalid(at + ".name", name, "must not already exist in volumeMounts");
            }

            if (mountPaths.Contains(path))
            {
                errors.Invalid(at + ".devicePath", path, "must not already exist as a path in volumeMounts");
            }

            if (name.Length > 0)
            {
                names.Add(name);
            }
        }
    }

    /// <summary>AccumulateUniqueHostPorts: protocol/hostIP/hostPort may appear once.</summary>
    private static void HostPortConflicts(FieldErrors errors, string field, List<JsonObject> containers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var index = 0;
            foreach (var port in (containers[i]["ports"] as JsonArray).Objects())
            {
                var at = $"{field}[{i}].ports[{index++}].hostPort";
                var hostPort = Number(port["hostPort"]) ?? 0;
                if (hostPort == 0)
                {
                    continue;
                }

                var key = $"{Text(port["protocol"])}/{Text(port["hostIP"])}/{hostPort}";
                if (!seen.Add(key))
                {
                    errors.Duplicate(at, key);
                }
            }
        }
    }

    private static void Lifecycle(FieldErrors errors, string field, JsonObject container, long? grace)
    {
        if (container["lifecycle"] is not JsonObject lifecycle)
        {
            return;
        }

        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (lifecycle[hook] is JsonObject handler)
            {
                Handler(errors, $"{field}.lifecycle.{hook}", handler, grace, lifecycleHook: true);
            }
        }
    }

    /// <summary>validateLivenessProbe, validateReadinessProbe, validateStartupProbe.</summary>
    private static void Probe(FieldErrors errors, string field, JsonObject container, string kind)
    {
        if (container[kind] is not JsonObject probe)
        {
            return;
        }

        var at = $"{field}.{kind}";
        Handler(errors, at, probe, grace: null, lifecycleHook: false);
        foreach (var number in new[] { "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold" })
        {
            FieldRules.NonNegative(errors, $"{at}.{number}", Number(probe[number]));
        }

        var probeGrace = Number(probe["terminationGracePeriodSeconds"]);
        if (probeGrace is { } nonPositive && nonPositive <= 0)
        {
            errors.Invalid(at + ".terminationGracePeriodSeconds", nonPositive, "must be greater than 0");
        }

        var successThreshold = Number(probe["successThreshold"]) ?? 0;
        if (kind != "readinessProbe" && successThreshold != 1)
        {
            errors.Invalid(at + ".successThreshold", successThreshold, "must be 1");
        }

        if (kind == "readinessProbe" && probeGrace is { } value)
        {
            errors.Invalid(at + ".terminationGracePeriodSeconds", value, "must not be set for readinessProbes");
        }
    }

    /// <summary>validateHandler: exactly one action; probes have gRPC, lifecycle hooks have sleep.</summary>
    private static void Handler(FieldErrors errors, string field, JsonObject handler, long? grace, bool lifecycleHook)
    {
        var count = 0;
        foreach (var kind in new[] { "exec", "httpGet", "tcpSocket", "grpc", "sleep" })
        {
            if ((kind == "grpc" && lifecycleHook) || (kind == "sleep" && !lifecycleHook) || handler[kind] is not JsonObject action)
            {
                continue;
            }

            var at = $"{field}.{kind}";
            if (count++ > 0)
            {
                errors.Forbidden(at, "may not specify more than 1 handler type");
                continue;
            }

            switch (kind)
            {
                case "exec":
                    if ((action["command"] as JsonArray)?.Count is null or 0)
                    {
                        errors.Required(at + ".command");
                    }

                    break;
                case "httpGet":
                    HttpGet(errors, at, action);
                    break;
                case "tcpSocket":
                    FieldRules.PortNumOrName(errors, at + ".port", action["port"]);
                    break;
                case "grpc":
                    FieldRules.Port(errors, at + ".port", Number(action["port"]));
                    break;
                default:
                    var seconds = Number(action["seconds"]) ?? 0;
                    if (grace is { } period && (seconds <= 0 || seconds > period))
                    {
                        errors.Invalid(at, seconds, $"must be greater than 0 and less than terminationGracePeriodSeconds ({period}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.");
                    }

                    break;
            }
        }

        if (count == 0)
        {
            errors.Required(field, "must specify a handler type");
        }
    }

    private static void HttpGet(FieldErrors errors, string field, JsonObject httpGet)
    {
        if (string.IsNullOrEmpty(Text(httpGet["path"])))
        {
            errors.Required(field + ".path");
        }

        FieldRules.PortNumOrName(errors, field + ".port", httpGet["port"]);
        var scheme = Text(httpGet["scheme"]) ?? string.Empty;
        if (scheme is not ("HTTP" or "HTTPS"))
        {
            errors.NotSupported(field + ".scheme", scheme, ["HTTP", "HTTPS"]);
        }

        foreach (var header in (httpGet["httpHeaders"] as JsonArray).Objects())
        {
            var name = Text(header["name"]) ?? string.Empty;
            if (!HttpHeaderName().IsMatch(name))
            {
                errors.Invalid(field + ".httpHeaders", name, "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')");
            }
        }
    }

    /// <summary>validateResourceClaimNames: a container's claims must name the pod's resource claims.</summary>
    private static void Claims(FieldErrors errors, string field, JsonNode? containerClaims, IReadOnlySet<string> podClaims)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var claim in (containerClaims as JsonArray).Objects())
        {
            var at = $"{field}[{index++}]";
            var name = Text(claim["name"]) ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required(at);
                continue;
            }

            var key = name;
            if (Text(claim["request"]) is { Length: > 0 } request)
            {
                FieldRules.Dns1123Label(errors, at + ".request", request);
                key += "/" + request;
            }

            if (!seen.Add(key))
            {
                errors.Duplicate(at, key);
            }

            if (!podClaims.Contains(name))
            {
                var detail = "must be one of the names in pod.spec.resourceClaims"
                    + (podClaims.Count == 0 ? " which is empty" : ": " + string.Join(", ", podClaims.Order(StringComparer.Ordinal)));
                FieldRules.NotFound(errors, at, name, detail);
            }
        }
    }

    /// <summary>A hugepages quantity must be a whole number of pages; returns whether the resource is hugepages.</summary>
    private static bool HugePageValue(FieldErrors errors, string field, string name, JsonNode? quantity)
    {
        if (!ResourceNames.IsHugePages(name))
        {
            return false;
        }

        if (Quantities.Parse(name["hugepages-".Length..]) is { } pageSize && pageSize > 0
            && Quantities.Parse(quantity) is { } value && value % pageSize != 0)
        {
            errors.Invalid(field, Quantities.Text(quantity), $"{Quantities.Text(quantity)} is not positive integer multiple of {name}");
        }

        return true;
    }

    [GeneratedRegex("^[-A-Za-z0-9]+\\z")]
    private static partial Regex HttpHeaderName();
}
