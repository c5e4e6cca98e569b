using System.Globalization;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Pods;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>ValidateService and ValidateServiceUpdate (upstream 1.32), over the v1 JSON.</summary>
internal static class ServiceRules
{
    private const string LoadBalancerOnly = "may only be used when `type` is 'LoadBalancer'";
    private const string SourceRangesAnnotation = "service.beta.kubernetes.io/load-balancer-source-ranges";

    /// <summary>MaxClientIPServiceAffinitySeconds: one day.</summary>
    private const long MaxAffinitySeconds = 86400;

    /// <summary>The kubelet's port, never exposed by a load balancer.</summary>
    private const long KubeletPort = 10250;

    /// <summary>Reachable from outside the cluster: LoadBalancer, NodePort, or ClusterIP with external IPs.</summary>
    public static bool ExternallyAccessible(JsonObject spec) =>
        Text(spec["type"]) is "LoadBalancer" or "NodePort" || (Text(spec["type"]) == "ClusterIP" && Texts(spec["externalIPs"]).Count > 0);

    public static void Validate(FieldErrors errors, JsonObject service)
    {
        var spec = service["spec"] as JsonObject ?? [];
        var annotations = service.GetStringMap("metadata.annotations");
        if (annotations.TryGetValue("service.kubernetes.io/topology-mode", out var mode)
            && annotations.TryGetValue("service.kubernetes.io/topology-aware-hints", out var hints) && mode != hints)
        {
            errors.Invalid("metadata.annotations[service.kubernetes.io/topology-mode]", mode, "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified");
        }

        var type = Text(spec["type"]) ?? string.Empty;
        var ports = (spec["ports"] as JsonArray).Objects().ToList();
        var clusterIps = Texts(spec["clusterIPs"]);
        var headless = IsHeadless(spec);
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Required("spec.ports");
        }

        TypeSpecific(errors, spec, type, ports, clusterIps, headless);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            Port(errors, $"spec.ports[{i}]", ports[i], ports.Count > 1, names);
        }

        if (spec["selector"] is not null)
        {
            FieldRules.Labels(errors, "spec.selector", spec["selector"]);
        }

        SessionAffinity(errors, spec);
        ClusterIps(errors, spec, type, clusterIps, headless);
        var externalIps = Texts(spec["externalIPs"]);
        for (var i = 0; i < externalIps.Count; i++)
        {
            if (IpAddresses.Parse(externalIps[i]) is null)
            {
                IpAddresses.Validate(errors, $"spec.externalIPs[{i}]", externalIps[i]);
            }
            else
            {
                IpAddresses.NonSpecial(errors, $"spec.externalIPs[{i}]", externalIps[i]);
            }
        }

        if (type.Length == 0)
        {
            errors.Required("spec.type");
        }
        else if (type is not ("ClusterIP" or "ExternalName" or "LoadBalancer" or "NodePort"))
        {
            errors.NotSupported("spec.type", type, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]);
        }

        PortUniqueness(errors, type, ports);
        SourceRanges(errors, spec, type, annotations);
        if (spec["allocateLoadBalancerNodePorts"] is not null && type != "LoadBalancer")
        {
            errors.Forbidden("spec.allocateLoadBalancerNodePorts", LoadBalancerOnly);
        }

        if (type == "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] is null)
        {
            // Upstream's path has no "spec." here.
            errors.Required("allocateLoadBalancerNodePorts");
        }

        if (Text(spec["loadBalancerClass"]) is { } loadBalancerClass)
        {
            if (type == "LoadBalancer")
            {
                FieldRules.QualifiedName(errors, "spec.loadBalancerClass", loadBalancerClass);
            }
            else
            {
                errors.Forbidden("spec.loadBalancerClass", LoadBalancerOnly);
            }
        }

        TrafficPolicies(errors, spec, type);
    }

    /// <summary>ValidateServiceUpdate's additions: cluster IPs, IP families, load balancer class and health check port keep their values.</summary>
    public static void ValidateUpdate(FieldErrors errors, JsonObject service, JsonObject old)
    {
        var spec = service["spec"] as JsonObject ?? [];
        var oldSpec = old["spec"] as JsonObject ?? [];
        var externalName = Text(spec["type"]) == "ExternalName" || Text(oldSpec["type"]) == "ExternalName";
        if (!externalName)
        {
            ClusterIpChanges(errors, spec, oldSpec);
            IpFamilyChanges(errors, spec, oldSpec);
        }

        if (Text(spec["type"]) == "LoadBalancer" && Text(oldSpec["type"]) == "LoadBalancer" && !JsonNode.DeepEquals(spec["loadBalancerClass"], oldSpec["loadBalancerClass"]))
        {
            errors.Invalid("spec.loadBalancerClass", Text(spec["loadBalancerClass"]) ?? "null", "may not change once set");
        }

        if (NeedsHealthCheck(spec) && NeedsHealthCheck(oldSpec) && Number(spec["healthCheckNodePort"]) != Number(oldSpec["healthCheckNodePort"]))
        {
            errors.Forbidden("spec.healthCheckNodePort", FieldRules.ImmutableMessage);
        }

        Validate(errors, service);
    }

    /// <summary>A headless service: exactly one cluster IP, "None".</summary>
    private static bool IsHeadless(JsonObject spec) => Texts(spec["clusterIPs"]) is [ "None" ];

    private static bool NeedsHealthCheck(JsonObject spec) => Text(spec["type"]) == "LoadBalancer" && Text(spec["externalTrafficPolicy"]) == "Local";

    private static void TypeSpecific(FieldErrors errors, JsonObject spec, string type, List<JsonObject> ports, List<string> clusterIps, bool headless)
    {
        switch (type)
        {
            case "LoadBalancer":
                for (var i = 0; i < ports.Count; i++)
                {
                    if (Number(ports[i]["port"]) == KubeletPort)
                    {
                        errors.Invalid($"spec.ports[{i}]", KubeletPort, $"may not expose port {KubeletPort} externally since it is used by kubelet");
                    }
                }

                if (headless)
                {
                    errors.Invalid("spec.clusterIPs[0]", clusterIps[0], "may not be set to 'None' for LoadBalancer services");
                }

                break;
            case "NodePort":
                if (headless)
                {
                    errors.Invalid("spec.clusterIPs[0]", clusterIps[0], "may not be set to 'None' for NodePort services");
                }

                break;
            case "ExternalName":
                if (clusterIps.Count > 0)
                {
                    errors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services");
                }

                if (Texts(spec["ipFamilies"]).Count > 0)
                {
                    errors.Forbidden("spec.ipFamilies", "may not be set for ExternalName services");
                }

                if (spec["ipFamilyPolicy"] is not null)
                {
                    errors.Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services");
                }

                // The name may end in a dot, as a fully qualified CNAME.
                var cname = Text(spec["externalName"]) ?? string.Empty;
                cname = cname.EndsWith('.') ? cname[..^1] : cname;
                if (cname.Length > 0)
                {
                    FieldRules.Dns1123Subdomain(errors, "spec.externalName", cname);
                }
                else
                {
                    errors.Required("spec.externalName");
                }

                break;
        }
    }

    /// <summary>validateServicePort.</summary>
    private static void Port(FieldErrors errors, string field, JsonObject port, bool requireName, HashSet<string> names)
    {
        var name = Text(port["name"]) ?? string.Empty;
        if (requireName && name.Length == 0)
        {
            errors.Required(field + ".name");
        }
        else if (name.Length > 0)
        {
            FieldRules.Dns1123Label(errors, field + ".name", name);
            if (!names.Add(name))
            {
                errors.Duplicate(field + ".name", name);
            }
        }

        FieldRules.Port(errors, field + ".port", Number(port["port"]) ?? 0);
        ContainerRules.Protocol(errors, field + ".protocol", Text(port["protocol"]) ?? string.Empty);
        FieldRules.PortNumOrName(errors, field + ".targetPort", port["targetPort"]);
        if (Text(port["appProtocol"]) is { } appProtocol)
        {
            FieldRules.QualifiedName(errors, field + ".appProtocol", appProtocol);
        }
    }

    private static void SessionAffinity(FieldErrors errors, JsonObject spec)
    {
        var affinity = Text(spec["sessionAffinity"]) ?? string.Empty;
        if (affinity.Length == 0)
        {
            errors.Required("spec.sessionAffinity");
        }
        else if (affinity is not ("ClientIP" or "None"))
        {
            errors.NotSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]);
        }

        const string field = "spec.sessionAffinityConfig";
        if (affinity == "ClientIP")
        {
            const string detail = "when session affinity type is ClientIP";
            if (spec["sessionAffinityConfig"] is not JsonObject config)
            {
                errors.Required(field, detail);
            }
            else if (config["clientIP"] is not JsonObject clientIp)
            {
                errors.Required(field + ".clientIP", detail);
            }
            else if (Number(clientIp["timeoutSeconds"]) is not { } timeout)
            {
                errors.Required(field + ".clientIP.timeoutSeconds", detail);
            }
            else if (timeout is <= 0 or > MaxAffinitySeconds)
            {
                errors.Invalid(field + ".clientIP.timeoutSeconds", timeout, $"must be greater than 0 and less than {MaxAffinitySeconds}");
            }
        }
        else if (affinity == "None" && spec["sessionAffinityConfig"] is not null)
        {
            errors.Forbidden(field, "must not be set when session affinity is None");
        }
    }

    /// <summary>
    /// ValidateServiceClusterIPsRelatedFields: clusterIP and clusterIPs agree, families and policy are
    /// known, at most one address per family. Empty values are left for allocation.
    /// </summary>
    private static void ClusterIps(FieldErrors errors, JsonObject spec, string type, List<string> clusterIps, bool headless)
    {
        if (type == "ExternalName")
        {
            return;
        }

        var printed = FieldRules.GoStrings(clusterIps);
        var clusterIp = Text(spec["clusterIP"]) ?? string.Empty;
        if (clusterIp.Length > 0)
        {
            if (clusterIps.Count == 0)
            {
                errors.Required("spec.clusterIPs");
            }
            else if (clusterIps[0] != clusterIp)
            {
                FieldRules.InvalidRaw(errors, "spec.clusterIPs", printed, "first value must match `clusterIP`");
            }
        }
        else if (clusterIps.Count > 0)
        {
            FieldRules.InvalidRaw(errors, "spec.clusterIPs", printed, "must be empty when `clusterIP` is not specified");
        }

        var families = Texts(spec["ipFamilies"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] is not ("IPv4" or "IPv6"))
            {
                errors.NotSupported($"spec.ipFamilies[{i}]", families[i], ["IPv4", "IPv6"]);
            }

            if (!seen.Add(families[i]))
            {
                errors.Duplicate($"spec.ipFamilies[{i}]", families[i]);
            }
        }

        if (Text(spec["ipFamilyPolicy"]) is { } policy && policy is not ("PreferDualStack" or "RequireDualStack" or "SingleStack"))
        {
            errors.NotSupported("spec.ipFamilyPolicy", policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]);
        }

        var invalid = false;
        for (var i = 0; i < clusterIps.Count; i++)
        {
            if (i == 0 && clusterIps[i] == "None")
            {
                if (clusterIps.Count > 1)
                {
                    invalid = true;
                    FieldRules.InvalidRaw(errors, "spec.clusterIPs", printed, "'None' must be the first and only value");
                }

                continue;
            }

            if (IpAddresses.Parse(clusterIps[i]) is null)
            {
                invalid = true;
                IpAddresses.Validate(errors, $"spec.clusterIPs[{i}]", clusterIps[i]);
            }
        }

        if (clusterIps.Count > 2)
        {
            FieldRules.InvalidRaw(errors, "spec.clusterIPs", printed, "may only hold up to 2 values");
        }

        if (invalid)
        {
            return;
        }

        if (clusterIps.Count > 1 && (clusterIps.Count > 2 || IpAddresses.Family(clusterIps[0]) == IpAddresses.Family(clusterIps[1])))
        {
            FieldRules.InvalidRaw(errors, "spec.clusterIPs", printed, "may specify no more than one IP for each IP family");
        }

        if (headless)
        {
            return;
        }

        for (var i = 0; i < Math.Min(clusterIps.Count, families.Count); i++)
        {
            var family = IpAddresses.Family(clusterIps[i]);
            if (families[i] == "IPv4" && family == "IPv6")
            {
                errors.Invalid($"spec.clusterIPs[{i}]", clusterIps[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`");
            }

            if (families[i] == "IPv6" && family != "IPv6")
            {
                errors.Invalid($"spec.clusterIPs[{i}]", clusterIps[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`");
            }
        }
    }

    /// <summary>No nodePort under ClusterIP; (protocol, nodePort) and (protocol, port) pairs unique.</summary>
    private static void PortUniqueness(FieldErrors errors, string type, List<JsonObject> ports)
    {
        var nodePorts = new HashSet<string>(StringComparer.Ordinal);
        var servicePorts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = Text(ports[i]["protocol"]) ?? string.Empty;
            var nodePort = Number(ports[i]["nodePort"]) ?? 0;
            if (type == "ClusterIP" && nodePort != 0)
            {
                errors.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'");
            }

            if (nodePort != 0 && !nodePorts.Add($"{protocol}/{nodePort}"))
            {
                errors.Duplicate($"spec.ports[{i}].nodePort", nodePort);
            }
        }

        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = Text(ports[i]["protocol"]) ?? string.Empty;
            var port = Number(ports[i]["port"]) ?? 0;
            if (!servicePorts.Add($"{protocol}/{port}"))
            {
                // Upstream prints the internal ServicePort struct holding just the pair.
                var printed = string.Create(CultureInfo.InvariantCulture, $"core.ServicePort{{Name:\"\", Protocol:\"{protocol}\", AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}");
                errors.Add(new StatusCause("FieldValueDuplicate", "Duplicate value: " + printed, $"spec.ports[{i}]"));
            }
        }
    }

    /// <summary>loadBalancerSourceRanges (field or annotation): CIDRs, for LoadBalancer services only.</summary>
    private static void SourceRanges(FieldErrors errors, JsonObject spec, string type, Dictionary<string, string> annotations)
    {
        var ranges = Texts(spec["loadBalancerSourceRanges"]);
        if (ranges.Count > 0)
        {
            // Upstream's path is capitalised here.
            const string field = "spec.LoadBalancerSourceRanges";
            if (type != "LoadBalancer")
            {
                errors.Forbidden(field, LoadBalancerOnly);
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                var value = ranges[i].Trim();
                if (!IpAddresses.IsValidCidr(value))
                {
                    errors.Invalid($"{field}[{i}]", value, IpAddresses.InvalidCidrMessage);
                }
            }
        }
        else if (annotations.TryGetValue(SourceRangesAnnotation, out var annotation))
        {
            const string field = $"metadata.annotations[{SourceRangesAnnotation}]";
            if (type != "LoadBalancer")
            {
                errors.Forbidden(field, LoadBalancerOnly);
            }

            if (annotation.Trim().Length > 0)
            {
                foreach (var value in annotation.Trim().Split(',').Select(v => v.Trim()).Where(v => !IpAddresses.IsValidCidr(v)))
                {
                    errors.Invalid(field, value, IpAddresses.InvalidCidrMessage);
                }
            }
        }
    }

    /// <summary>
    /// externalTrafficPolicy only for externally accessible services, healthCheckNodePort only for
    /// LoadBalancer with Local policy (not required here: allocation fills it), internalTrafficPolicy
    /// and trafficDistribution values.
    /// </summary>
    private static void TrafficPolicies(FieldErrors errors, JsonObject spec, string type)
    {
        var external = Text(spec["externalTrafficPolicy"]) ?? string.Empty;
        if (!ExternallyAccessible(spec))
        {
            if (external.Length > 0)
            {
                errors.Invalid("spec.externalTrafficPolicy", external, "may only be set for externally-accessible services");
            }
        }
        else if (external.Length == 0)
        {
            errors.Required("spec.externalTrafficPolicy");
        }
        else if (external is not ("Cluster" or "Local"))
        {
            errors.NotSupported("spec.externalTrafficPolicy", external, ["Cluster", "Local"]);
        }

        var healthCheckPort = Number(spec["healthCheckNodePort"]) ?? 0;
        if (!NeedsHealthCheck(spec))
        {
            if (healthCheckPort != 0)
            {
                errors.Invalid("spec.healthCheckNodePort", healthCheckPort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
            }
        }
        else if (healthCheckPort != 0)
        {
            FieldRules.Port(errors, "spec.healthCheckNodePort", healthCheckPort);
        }

        var internalPolicy = Text(spec["internalTrafficPolicy"]);
        if (spec["internalTrafficPolicy"] is null && type is "ClusterIP" or "NodePort" or "LoadBalancer")
        {
            errors.Required("spec.internalTrafficPolicy");
        }
        else if (internalPolicy is not null && internalPolicy is not ("Cluster" or "Local"))
        {
            errors.NotSupported("spec.internalTrafficPolicy", internalPolicy, ["Cluster", "Local"]);
        }

        if (Text(spec["trafficDistribution"]) is { } distribution && distribution != "PreferClose")
        {
            errors.NotSupported("spec.trafficDistribution", distribution, ["PreferClose"]);
        }
    }

    /// <summary>validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes; a secondary one may come or go.</summary>
    private static void ClusterIpChanges(FieldErrors errors, JsonObject spec, JsonObject oldSpec)
    {
        if (IsHeadless(spec) && IsHeadless(oldSpec))
        {
            return;
        }

        var now = Texts(spec["clusterIPs"]);
        var before = Texts(oldSpec["clusterIPs"]);
        var printed = FieldRules.GoStrings(now);
        if (now.Count == before.Count)
        {
            for (var i = 0; i < before.Count; i++)
            {
                if (before[i] != now[i])
                {
                    FieldRules.InvalidRaw(errors, $"spec.clusterIPs[{i}]", printed, "may not change once set");
                }
            }
        }
        else if (before.Count > now.Count)
        {
            if (now.Count == 0)
            {
                FieldRules.InvalidRaw(errors, "spec.clusterIPs[0]", printed, "primary clusterIP can not be unset");
            }
            else if (now[0] != before[0])
            {
                FieldRules.InvalidRaw(errors, "spec.clusterIPs[0]", printed, "may not change once set");
            }

            if (now.Count == 1 && Text(spec["ipFamilyPolicy"]) != "SingleStack")
            {
                errors.Invalid("spec.ipFamilyPolicy", Text(spec["ipFamilyPolicy"]) ?? "null", "must be set to 'SingleStack' when releasing the secondary clusterIP");
            }
        }
        else if (before.Count > 0 && now[0] != before[0])
        {
            FieldRules.InvalidRaw(errors, "spec.clusterIPs[0]", printed, "may not change once set");
        }
    }

    /// <summary>validateUpgradeDowngradeIPFamilies, with upstream's paths and printed values.</summary>
    private static void IpFamilyChanges(FieldErrors errors, JsonObject spec, JsonObject oldSpec)
    {
        if (IsHeadless(spec) || IsHeadless(oldSpec))
        {
            return;
        }

        var now = Texts(spec["ipFamilies"]);
        var before = Texts(oldSpec["ipFamilies"]);
        var clusterIps = FieldRules.GoStrings(Texts(spec["clusterIPs"]));
        if (now.Count == before.Count)
        {
            if (!now.SequenceEqual(before))
            {
                FieldRules.InvalidRaw(errors, "spec.ipFamilies[0]", FieldRules.GoStrings(now).Replace("[]string", "[]core.IPFamily", StringComparison.Ordinal), "may not change once set");
            }
        }
        else if (before.Count > now.Count)
        {
            if (Texts(spec["clusterIPs"]).Count == 0)
            {
                FieldRules.InvalidRaw(errors, "spec.ipFamilies[0]", FieldRules.GoStrings(now).Replace("[]string", "[]core.IPFamily", StringComparison.Ordinal), "primary ipFamily can not be unset");
            }

            if (now.Count > 0 && now[0] != before[0])
            {
                FieldRules.InvalidRaw(errors, "spec.ipFamilies[0]", clusterIps, "may not change once set");
            }

            if (now.Count == 1 && Text(spec["ipFamilyPolicy"]) != "SingleStack")
            {
                errors.Invalid("spec.ipFamilyPolicy", Text(spec["ipFamilyPolicy"]) ?? "null", "must be set to 'SingleStack' when releasing the secondary ipFamily");
            }
        }
        else if (before.Count > 0 && now.Count > 0 && now[0] != before[0])
        {
            FieldRules.InvalidRaw(errors, "spec.ipFamilies[0]", clusterIps, "may not change once set");
        }
    }
}
