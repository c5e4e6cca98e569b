using System.Text.Json.Nodes;
using KubeSharp.Api.Json;
using static KubeSharp.ApiServer.Registry.JsonValues;

namespace KubeSharp.ApiServer.Registry.Pods;

/// <summary>
/// SetDefaults_PodSpec and the defaulters of what a PodSpec holds (containers, probes, volumes),
/// plus SetDefaults_Pod for pods themselves, as upstream 1.32 applies them.
/// </summary>
internal static class PodSpecDefaults
{
    private static readonly string[] ContainerKinds = ["initContainers", "containers", "ephemeralContainers"];
    private static readonly string[] ProbeKinds = ["livenessProbe", "readinessProbe", "startupProbe"];

    public static void Apply(JsonObject spec, bool isPod)
    {
        DefaultText(spec, "dnsPolicy", "ClusterFirst");
        DefaultText(spec, "restartPolicy", "Always");
        DefaultValue(spec, "securityContext", new JsonObject());
        DefaultValue(spec, "terminationGracePeriodSeconds", 30L);
        DefaultText(spec, "schedulerName", "default-scheduler");
        ServiceAccountAlias(spec);
        foreach (var volume in (spec["volumes"] as JsonArray).Objects())
        {
            VolumeDefaults.ApplyToVolume(volume);
        }

        foreach (var kind in ContainerKinds)
        {
            foreach (var container in (spec[kind] as JsonArray).Objects())
            {
                Container(container);
            }
        }

        if (isPod)
        {
            PodOnly(spec);
        }
    }

    /// <summary>
    /// imagePullPolicy from the image's tag: Always for "latest" (or no tag and no digest),
    /// IfNotPresent otherwise, and for a reference that does not parse.
    /// </summary>
    public static string PullPolicy(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? image : image[..at];
        var lastSegment = name[(name.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        var repository = colon < 0 ? name : name[..(name.Length - lastSegment.Length + colon)];
        if (repository.Length == 0 || repository.Any(char.IsAsciiLetterUpper))
        {
            return "IfNotPresent";
        }

        var tag = colon < 0 ? (at < 0 ? "latest" : string.Empty) : lastSegment[(colon + 1)..];
        return tag == "latest" ? "Always" : "IfNotPresent";
    }

    /// <summary>
    /// The deprecated spec.serviceAccount: read when serviceAccountName is empty, and always written
    /// back equal to it, as upstream's conversion does.
    /// </summary>
    private static void ServiceAccountAlias(JsonObject spec)
    {
        var name = Text(spec["serviceAccountName"]);
        if (string.IsNullOrEmpty(name) && Text(spec["serviceAccount"]) is { Length: > 0 } alias)
        {
            spec["serviceAccountName"] = alias;
            name = alias;
        }

        if (string.IsNullOrEmpty(name))
        {
            spec.Remove("serviceAccount");
        }
        else
        {
            spec["serviceAccount"] = name;
        }
    }

    private static void Container(JsonObject container)
    {
        if (container["imagePullPolicy"] is null || Text(container["imagePullPolicy"]) == string.Empty)
        {
            container["imagePullPolicy"] = PullPolicy(Text(container["image"]) ?? string.Empty);
        }

        DefaultText(container, "terminationMessagePath", "/dev/termination-log");
        DefaultText(container, "terminationMessagePolicy", "File");

        // A Go struct, never omitted: upstream always shows "resources: {}".
        DefaultValue(container, "resources", new JsonObject());
        foreach (var port in (container["ports"] as JsonArray).Objects())
        {
            DefaultText(port, "protocol", "TCP");
        }

        foreach (var variable in (container["env"] as JsonArray).Objects())
        {
            if (variable.GetObject("valueFrom.fieldRef") is { } fieldRef)
            {
                DefaultText(fieldRef, "apiVersion", "v1");
            }
        }

        foreach (var kind in ProbeKinds)
        {
            if (container[kind] is JsonObject probe)
            {
                Probe(probe);
            }
        }

        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (container.GetObject("lifecycle." + hook + ".httpGet") is { } httpGet)
            {
                HttpGet(httpGet);
            }
        }
    }

    private static void Probe(JsonObject probe)
    {
        DefaultNumber(probe, "timeoutSeconds", 1);
        DefaultNumber(probe, "periodSeconds", 10);
        DefaultNumber(probe, "successThreshold", 1);
        DefaultNumber(probe, "failureThreshold", 3);
        if (probe["httpGet"] is JsonObject httpGet)
        {
            HttpGet(httpGet);
        }

        if (probe["grpc"] is JsonObject grpc)
        {
            DefaultValue(grpc, "service", string.Empty);
        }
    }

    private static void HttpGet(JsonObject httpGet)
    {
        DefaultText(httpGet, "path", "/");
        DefaultText(httpGet, "scheme", "HTTP");
    }

    /// <summary>SetDefaults_Pod: requests from limits, service links, host ports under host networking.</summary>
    private static void PodOnly(JsonObject spec)
    {
        var hostNetwork = Flag(spec["hostNetwork"]) == true;
        foreach (var kind in new[] { "containers", "initContainers" })
        {
            foreach (var container in (spec[kind] as JsonArray).Objects())
            {
                if (container.GetObject("resources.limits") is { Count: > 0 } limits)
                {
                    var resources = (JsonObject)container["resources"]!;
                    if (resources["requests"] is not JsonObject requests)
                    {
                        requests = [];
                        resources["requests"] = requests;
                    }

                    foreach (var (resource, quantity) in limits)
                    {
                        if (!requests.ContainsKey(resource))
                        {
                            requests[resource] = quantity?.DeepClone();
                        }
                    }
                }

                if (hostNetwork)
                {
                    foreach (var port in (container["ports"] as JsonArray).Objects())
                    {
                        if ((Number(port["hostPort"]) ?? 0) == 0 && port["containerPort"] is { } containerPort)
                        {
                            port["hostPort"] = containerPort.DeepClone();
                        }
                    }
                }
            }
        }

        DefaultValue(spec, "enableServiceLinks", true);
    }
}
