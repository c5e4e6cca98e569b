using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Watch;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Gives Services their ClusterIP from --service-cidr and their NodePorts from
/// --service-node-port-range; a requested value is honoured or refused (422) as upstream. What is
/// in use is derived from the stored Services (so a deletion releases at once), plus what was handed
/// out in the last moments and may not have reached the watch cache yet.
/// </summary>
internal sealed class ServiceAllocator
{
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(30);

    private readonly ServiceNetwork _network;
    private readonly int _portMin;
    private readonly int _portMax;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    // Values handed out whose service the watch cache may not show yet: value -> (service, when).
    private readonly Dictionary<string, (string Service, DateTimeOffset At)> _recent = new(StringComparer.Ordinal);
    private ResourceCache? _services;

    public ServiceAllocator(string serviceCidr, string nodePortRange, TimeProvider time)
    {
        _network = ServiceNetwork.Parse(serviceCidr);
        var parts = nodePortRange.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _portMin)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _portMax) || _portMin < 1 || _portMax > 65535 || _portMin > _portMax)
        {
            throw new ArgumentException($"invalid service node port range \"{nodePortRange}\" (expected e.g. 30000-32767)");
        }

        _time = time;
    }

    public IPAddress KubernetesServiceAddress => _network.Address(1);

    public string Range => $"{_network.Address(0)}/{_network.PrefixLength}";

    public void Attach(ResourceCache services) => _services = services;

    /// <summary>Fills in (or checks) the service's ClusterIP and NodePorts; <paramref name="old"/> is the stored service on an update.</summary>
    public void Allocate(JsonObject service, JsonObject? old)
    {
        var key = $"{service.GetString("metadata.namespace")}/{service.GetString("metadata.name")}";
        lock (_lock)
        {
            var (ips, ports) = InUse(key);
            var errors = new FieldErrors();
            var spec = service.Ensure("spec");
            var type = spec.GetString("type") ?? "ClusterIP";
            AllocateClusterIp(key, spec, type, old, ips, errors);
            AllocateNodePorts(key, spec, type, ports, errors);
            AllocateHealthCheckNodePort(key, spec, type, ports, errors);
            if (errors.Count > 0)
            {
                throw ApiErrors.Invalid(string.Empty, "Service", service.GetString("metadata.name") ?? string.Empty, errors);
            }
        }
    }

    private void AllocateClusterIp(string owner, JsonObject spec, string type, JsonObject? old, HashSet<string> used, FieldErrors errors)
    {
        if (type == "ExternalName")
        {
            return;
        }

        var requested = spec.GetString("clusterIP") ?? (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        if (string.IsNullOrEmpty(requested) && old?.GetString("spec.clusterIP") is { Length: > 0 } kept)
        {
            requested = kept;
        }

        if (requested == "None")
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        string address;
        if (string.IsNullOrEmpty(requested))
        {
            address = Random(used) ?? Fail(errors, "spec.clusterIPs", "[]", "failed to allocate a serviceIP: range is full");
        }
        else if (old?.GetString("spec.clusterIP") == requested)
        {
            address = requested;
        }
        else if (!IPAddress.TryParse(requested, out var parsed) || !_network.Contains(parsed))
        {
            address = Fail(errors, "spec.clusterIPs", $"[]string{{\"{requested}\"}}",
                $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {Range}");
        }
        else if (used.Contains(requested))
        {
            address = Fail(errors, "spec.clusterIPs", $"[]string{{\"{requested}\"}}", $"failed to allocate IP {requested}: provided IP is already allocated");
        }
        else
        {
            address = requested;
        }

        if (errors.Count > 0)
        {
            return;
        }

        _recent["ip:" + address] = (owner, _time.GetUtcNow());
        spec["clusterIP"] = address;
        spec["clusterIPs"] = new JsonArray(address);
        spec.Default("ipFamilies", new JsonArray("IPv4"));
        spec.Default("ipFamilyPolicy", "SingleStack");
    }

    private void AllocateNodePorts(string owner, JsonObject spec, string type, HashSet<int> used, FieldErrors errors)
    {
        var ports = spec["ports"] as JsonArray ?? [];
        var wantsNodePorts = type == "NodePort" || (type == "LoadBalancer" && spec.GetBool("allocateLoadBalancerNodePorts") != false);
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not JsonObject port)
            {
                continue;
            }

            var requested = port.GetInt64("nodePort") ?? 0;
            if (!wantsNodePorts)
            {
                if (type is "ClusterIP" or "ExternalName")
                {
                    port.Remove("nodePort");
                }

                continue;
            }

            if (requested == 0)
            {
                var chosen = RandomPort(used);
                if (chosen == 0)
                {
                    errors.Add(new StatusCause("FieldValueInvalid", "Invalid value: 0: failed to allocate a nodePort: range is full", $"spec.ports[{i}].nodePort"));
                    continue;
                }

                port["nodePort"] = chosen;
                used.Add(chosen);
                _recent["port:" + chosen] = (owner, _time.GetUtcNow());
            }
            else if (requested < _portMin || requested > _portMax)
            {
                errors.Add(new StatusCause("FieldValueInvalid",
                    $"Invalid value: {requested}: provided port is not in the valid range. The range of valid ports is {_portMin}-{_portMax}", $"spec.ports[{i}].nodePort"));
            }
            else if (!used.Add((int)requested) && !SameServicePort(ports, i, requested))
            {
                errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {requested}: provided port is already allocated", $"spec.ports[{i}].nodePort"));
            }
            else
            {
                _recent["port:" + requested] = (owner, _time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// A LoadBalancer Service with externalTrafficPolicy Local gets a health-check node port from the
    /// node-port range (upstream's allocHealthCheckNodePort), kept while it needs one; others lose it.
    /// </summary>
    private void AllocateHealthCheckNodePort(string owner, JsonObject spec, string type, HashSet<int> used, FieldErrors errors)
    {
        if (type != "LoadBalancer" || spec.GetString("externalTrafficPolicy") != "Local")
        {
            spec.Remove("healthCheckNodePort");
            return;
        }

        var requested = spec.GetInt64("healthCheckNodePort") ?? 0;
        if (requested == 0)
        {
            var chosen = RandomPort(used);
            if (chosen == 0)
            {
                errors.Add(new StatusCause("FieldValueInvalid", "Invalid value: 0: failed to allocate a healthCheckNodePort: range is full", "spec.healthCheckNodePort"));
                return;
            }

            spec["healthCheckNodePort"] = chosen;
            used.Add(chosen);
            _recent["port:" + chosen] = (owner, _time.GetUtcNow());
        }
        else if (requested < _portMin || requested > _portMax)
        {
            errors.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {requested}: provided port is not in the valid range. The range of valid ports is {_portMin}-{_portMax}", "spec.healthCheckNodePort"));
        }
        else if (!used.Add((int)requested))
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {requested}: provided port is already allocated", "spec.healthCheckNodePort"));
        }
        else
        {
            _recent["port:" + requested] = (owner, _time.GetUtcNow());
        }
    }

    /// <summary>Two ports of one service may share a node port when they differ in protocol (as upstream).</summary>
    private static bool SameServicePort(JsonArray ports, int index, long nodePort) =>
        ports.Take(index).OfType<JsonObject>().Any(p => p.GetInt64("nodePort") == nodePort && p.GetString("protocol") != ((JsonObject)ports[index]!).GetString("protocol"));

    private (HashSet<string> Ips, HashSet<int> Ports) InUse(string exceptKey)
    {
        var ips = new HashSet<string>(StringComparer.Ordinal) { KubernetesServiceAddress.ToString() };
        var ports = new HashSet<int>();
        var now = _time.GetUtcNow();
        foreach (var (recent, (service, at)) in _recent.ToList())
        {
            // Once the cache shows the service it speaks for the value (and for its release on delete).
            if (now - at > RecentWindow || (_services?.Get("/registry/services/" + service) is not null))
            {
                _recent.Remove(recent);
            }
            else if (recent.StartsWith("ip:", StringComparison.Ordinal))
            {
                ips.Add(recent[3..]);
            }
            else
            {
                ports.Add(int.Parse(recent[5..], CultureInfo.InvariantCulture));
            }
        }

        if (_services is not null)
        {
            foreach (var cached in _services.Snapshot("/registry/services/").Items)
            {
                if ($"{cached.Namespace}/{cached.Name}" == exceptKey)
                {
                    continue;
                }

                var service = cached.Parse();
                foreach (var ip in service.GetArray("spec.clusterIPs") ?? [])
                {
                    ips.Add(ip!.GetValue<string>());
                }

                foreach (var port in service.GetArray("spec.ports").Objects())
                {
                    if (port.GetInt64("nodePort") is { } nodePort)
                    {
                        ports.Add((int)nodePort);
                    }
                }

                if (service.GetInt64("spec.healthCheckNodePort") is { } health)
                {
                    ports.Add((int)health);
                }
            }
        }

        return (ips, ports);
    }

    private string? Random(HashSet<string> used)
    {
        var size = _network.Size;
        var start = (uint)RandomNumberGenerator.GetInt32(2, (int)Math.Min(size - 1, int.MaxValue));
        for (uint i = 0; i < size - 3; i++)
        {
            var offset = 2 + ((start - 2 + i) % (size - 3));
            var candidate = _network.Address(offset).ToString();
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private int RandomPort(HashSet<int> used)
    {
        var count = _portMax - _portMin + 1;
        var start = RandomNumberGenerator.GetInt32(count);
        for (var i = 0; i < count; i++)
        {
            var candidate = _portMin + ((start + i) % count);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return 0;
    }

    private static string Fail(FieldErrors errors, string field, string value, string detail)
    {
        errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {value}: {detail}", field));
        return string.Empty;
    }
}
