using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Ingresses;

/// <summary>networking.k8s.io/v1 Ingresses (pkg/registry/networking/ingress): host and path rules routed to Service or resource backends.</summary>
internal sealed class IngressStrategy : ResourceStrategy
{
    private const string IngressClassAnnotation = "kubernetes.io/ingress.class";

    private static readonly string[] InvalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidPathSuffixes = ["/..", "/."];

    private static readonly TableDefinition IngressTable = TableDefinition.NameAge(
        (new TableColumn("Class", "string", string.Empty, "The name of the IngressClass resource that should be used for additional configuration"), (item, _) => item.GetString("spec.ingressClassName") ?? "<none>"),
        (new TableColumn("Hosts", "string", string.Empty, "Hosts that incoming requests are matched against before the ingress rule"), (item, _) => Hosts(item)),
        (new TableColumn("Address", "string", string.Empty, "Address is a list containing ingress points for the load-balancer"), (item, _) => Address(item)),
        (new TableColumn("Ports", "string", string.Empty, "Ports of TLS configurations that open"), (item, _) => (item.GetArray("spec.tls")?.Count ?? 0) != 0 ? "80, 443" : "80"));

    public override bool TracksGeneration => true;

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => IngressTable;

    /// <summary>Status starts empty, which upstream renders with its non-omitempty load balancer.</summary>
    public override void PrepareForCreate(JsonObject item) => item["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        ValidateSpec(item.GetObject("spec") ?? new JsonObject(), errors);

        // Only on create: the deprecated class annotation may not contradict the class name.
        if (item.GetObject("metadata.annotations")?[IngressClassAnnotation] is JsonValue annotation && annotation.TryGetValue<string>(out var annotated)
            && item.GetString("spec.ingressClassName") is { } className && annotated != className)
        {
            errors.Invalid("annotations." + IngressClassAnnotation, annotated, "must match `ingressClassName` when both are specified");
        }
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors) => ValidateSpec(item.GetObject("spec") ?? new JsonObject(), errors);

    private static void ValidateSpec(JsonObject spec, FieldErrors errors)
    {
        var rules = spec.GetArray("rules");
        if ((rules?.Count ?? 0) == 0 && spec["defaultBackend"] is null)
        {
            GoValues.Invalid(errors, "spec", rules is null ? "[]networking.IngressRule(nil)" : "[]networking.IngressRule{}", "either `defaultBackend` or `rules` must be specified");
        }

        if (spec.GetObject("defaultBackend") is { } defaultBackend)
        {
            ValidateBackend(defaultBackend, "spec.defaultBackend", errors);
        }

        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            ValidateRule(rules![i] as JsonObject ?? new JsonObject(), $"spec.rules[{i}]", errors);
        }

        var tls = spec.GetArray("tls").Objects().ToList();
        for (var i = 0; i < tls.Count; i++)
        {
            var hosts = tls[i].GetArray("hosts");
            for (var j = 0; j < (hosts?.Count ?? 0); j++)
            {
                var host = hosts![j] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
                if (HostError(host) is { } problem)
                {
                    errors.Invalid($"spec.tls[{i}].hosts[{j}]", host, problem);
                }
            }

            if (tls[i].GetString("secretName") is { Length: > 0 } secretName && ObjectNames.Dns1123SubdomainError(secretName) is { } secretProblem)
            {
                errors.Invalid($"spec.tls[{i}].secretName", secretName, secretProblem);
            }
        }

        if (spec.GetString("ingressClassName") is { } className && ObjectNames.Dns1123SubdomainError(className) is { } classProblem)
        {
            errors.Invalid("spec.ingressClassName", className, classProblem);
        }
    }

    private static void ValidateRule(JsonObject rule, string path, FieldErrors errors)
    {
        if (rule.GetString("host") is { Length: > 0 } host)
        {
            if (IpAddresses.Parse(host) is not null)
            {
                errors.Invalid(path + ".host", host, "must be a DNS name, not an IP address");
            }

            if (HostError(host) is { } problem)
            {
                errors.Invalid(path + ".host", host, problem);
            }
        }

        if (rule.GetObject("http") is not { } http)
        {
            return;
        }

        var paths = http.GetArray("paths");
        if ((paths?.Count ?? 0) == 0)
        {
            errors.Required(path + ".http.paths");
        }

        for (var i = 0; i < (paths?.Count ?? 0); i++)
        {
            ValidatePath(paths![i] as JsonObject ?? new JsonObject(), $"{path}.http.paths[{i}]", errors);
        }
    }

    private static void ValidatePath(JsonObject httpPath, string path, FieldErrors errors)
    {
        if (httpPath.GetString("pathType") is not { } pathType)
        {
            errors.Required(path + ".pathType", "pathType must be specified");
            return;
        }

        var value = httpPath.GetString("path") ?? string.Empty;
        switch (pathType)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/'))
                {
                    errors.Invalid(path + ".path", value, "must be an absolute path");
                }

                foreach (var sequence in InvalidPathSequences.Where(s => value.Contains(s, StringComparison.Ordinal)))
                {
                    errors.Invalid(path + ".path", value, $"must not contain '{sequence}'");
                }

                foreach (var suffix in InvalidPathSuffixes.Where(s => value.EndsWith(s, StringComparison.Ordinal)))
                {
                    errors.Invalid(path + ".path", value, $"cannot end with '{suffix}'");
                }

                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/'))
                {
                    errors.Invalid(path + ".path", value, "must be an absolute path");
                }

                break;
            default:
                errors.NotSupported(path + ".pathType", pathType, ["Exact", "ImplementationSpecific", "Prefix"]);
                break;
        }

        ValidateBackend(httpPath.GetObject("backend") ?? new JsonObject(), path + ".backend", errors);
    }

    /// <summary>validateIngressBackend: a Service (by port name or number) or a resource, not both.</summary>
    private static void ValidateBackend(JsonObject backend, string path, FieldErrors errors)
    {
        var resource = backend.GetObject("resource");
        var service = backend.GetObject("service");
        if (resource is not null && service is not null)
        {
            errors.Invalid(path, string.Empty, "cannot set both resource and service backends");
        }
        else if (resource is not null)
        {
            ValidateResourceReference(resource, path + ".resource", errors);
        }
        else if (service is not null)
        {
            ValidateServiceBackend(service, path, errors);
        }
        else
        {
            errors.Invalid(path, string.Empty, "resource or service backend is required");
        }
    }

    private static void ValidateServiceBackend(JsonObject service, string path, FieldErrors errors)
    {
        var name = service.GetString("name") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Required(path + ".service.name");
        }
        else if (ObjectNames.Dns1035LabelError(name) is { } problem)
        {
            errors.Invalid(path + ".service.name", name, problem);
        }

        var portName = service.GetString("port.name") ?? string.Empty;
        var portNumber = NumberRules.Long(service.Get("port.number")) ?? 0;
        if (portName.Length > 0 && portNumber != 0)
        {
            errors.Invalid(path, string.Empty, "cannot set both port name & port number");
        }
        else if (portName.Length > 0)
        {
            foreach (var portProblem in FormatRules.PortNameErrors(portName))
            {
                errors.Invalid(path + ".service.port.name", portName, portProblem);
            }
        }
        else if (portNumber != 0)
        {
            if (FormatRules.PortNumberError(portNumber) is { } numberProblem)
            {
                errors.Invalid(path + ".service.port.number", portNumber, numberProblem);
            }
        }
        else
        {
            errors.Required(path, "port name or number is required");
        }
    }

    /// <summary>validateIngressTypedLocalObjectReference.</summary>
    private static void ValidateResourceReference(JsonObject reference, string path, FieldErrors errors)
    {
        if (reference.GetString("apiGroup") is { } apiGroup && ObjectNames.Dns1123SubdomainError(apiGroup) is { } groupProblem)
        {
            errors.Invalid(path + ".apiGroup", apiGroup, groupProblem);
        }

        foreach (var field in new[] { "kind", "name" })
        {
            var value = reference.GetString(field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required($"{path}.{field}");
            }

            foreach (var problem in FormatRules.PathSegmentNameErrors(value))
            {
                errors.Invalid($"{path}.{field}", value, problem);
            }
        }
    }

    /// <summary>A rule or TLS host: a DNS subdomain, or a wildcard one when it has a '*'.</summary>
    private static string? HostError(string host) =>
        host.Contains('*', StringComparison.Ordinal) ? FormatRules.WildcardDns1123SubdomainError(host) : ObjectNames.Dns1123SubdomainError(host);

    /// <summary>formatHosts: up to three rule hosts, "*" if none; the "more" count is of all rules.</summary>
    private static string Hosts(JsonObject item)
    {
        const int Max = 3;
        var rules = item.GetArray("spec.rules").Objects().ToList();
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == Max)
            {
                more = true;
            }

            if (!more && rule.GetString("host") is { Length: > 0 } host)
            {
                list.Add(host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", list);
        return more ? $"{text} + {rules.Count - Max} more..." : text;
    }

    /// <summary>The load balancer's IPs (or hostnames), sorted and distinct.</summary>
    private static string Address(JsonObject item) =>
        string.Join(",", item.GetArray("status.loadBalancer.ingress").Objects()
            .Select(i => i.GetString("ip") is { Length: > 0 } ip ? ip : i.GetString("hostname") ?? string.Empty)
            .Where(a => a.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
}
