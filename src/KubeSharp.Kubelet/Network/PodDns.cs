using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Network;

/// <summary>
/// A pod's resolver settings for its sandbox, per dnsPolicy as upstream's dns.Configurer:
/// ClusterFirst (and ClusterFirstWithHostNet) use the cluster DNS with the namespace, service and
/// cluster search domains before the node's own, and ndots:5; Default uses the node's resolv.conf;
/// None starts empty; a hostNetwork pod with ClusterFirst gets Default. Then the pod's dnsConfig is
/// appended (duplicates dropped, options by name overridden) and upstream's limits applied.
/// </summary>
internal static class PodDns
{
    public const int MaxNameservers = 3;
    public const int MaxSearches = 32;
    public const int MaxSearchListChars = 2048;

    /// <summary>A search domain longer than a DNS name can be (some resolvers abort on it) is dropped.</summary>
    public const int MaxSearchLength = 253;

    private const string ClusterFirst = "ClusterFirst";
    private const string ClusterFirstWithHostNet = "ClusterFirstWithHostNet";
    private const string Default = "Default";
    private const string None = "None";

    private static readonly string[] ClusterOptions = ["ndots:5"];

    private enum Source
    {
        Cluster,
        Host,
        Empty,
    }

    /// <summary>Reads the node's resolv.conf when the policy needs it.</summary>
    /// <exception cref="IOException">The node's resolv.conf cannot be read.</exception>
    /// <exception cref="FormatException">It is malformed.</exception>
    public static DNSConfig Configure(V1Pod pod, PodDnsOptions options)
    {
        var host = SourceOf(pod, options) == Source.Empty || string.IsNullOrEmpty(options.HostResolvConf)
            ? null
            : ResolvConf.Read(options.HostResolvConf);
        return Configure(pod, options, host);
    }

    /// <summary>The same from an already read resolv.conf; <paramref name="host"/> null means kubelet has none.</summary>
    public static DNSConfig Configure(V1Pod pod, PodDnsOptions options, ResolvConf? host)
    {
        var servers = new List<string>();
        var searches = new List<string>();
        var dnsOptions = new List<string>();
        switch (SourceOf(pod, options))
        {
            case Source.Cluster:
                // The cluster DNS alone: it forwards what it cannot answer to the node's servers.
                servers.AddRange(options.ClusterDns);
                searches = ClusterSearches(pod.Metadata?.NamespaceProperty ?? "default", options.ClusterDomain, host?.Searches ?? []);
                dnsOptions.AddRange(ClusterOptions);
                break;
            case Source.Host when host is not null:
                servers.AddRange(host.Nameservers);
                searches.AddRange(host.Searches);
                dnsOptions.AddRange(host.Options);
                break;
            case Source.Host:
                // Without a resolv.conf, upstream points the pod at a resolver on its own host and searches nothing.
                servers.Add("127.0.0.1");
                searches.Add(".");
                break;
        }

        if (pod.Spec?.DnsConfig is { } extra)
        {
            servers = [.. servers.Concat(extra.Nameservers ?? []).Distinct(StringComparer.Ordinal)];
            searches = [.. searches.Concat(extra.Searches ?? []).Distinct(StringComparer.Ordinal)];
            dnsOptions = MergeOptions(dnsOptions, extra.Options);
        }

        var config = new DNSConfig();
        config.Servers.AddRange(servers.Take(MaxNameservers));
        config.Searches.AddRange(FitSearches(searches));
        config.Options.AddRange(dnsOptions);
        return config;
    }

    /// <summary><c>ns.svc.domain svc.domain domain</c> then the node's, without repeats; only the node's when there is no cluster domain.</summary>
    internal static List<string> ClusterSearches(string podNamespace, string clusterDomain, IReadOnlyList<string> hostSearches)
    {
        if (string.IsNullOrEmpty(clusterDomain))
        {
            return [.. hostSearches];
        }

        IEnumerable<string> cluster = [$"{podNamespace}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain];
        return [.. cluster.Concat(hostSearches).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Options as <c>name</c> or <c>name:value</c>; a pod option replaces one of the same name
    /// where it stood, new ones follow (upstream merges through a map, so its order is arbitrary).
    /// </summary>
    internal static List<string> MergeOptions(IReadOnlyList<string> existing, IList<V1PodDNSConfigOption>? podOptions)
    {
        var merged = new List<(string Name, string? Value)>();
        void Set(string name, string? value)
        {
            var index = merged.FindIndex(option => option.Name == name);
            if (index >= 0)
            {
                merged[index] = (name, value);
            }
            else
            {
                merged.Add((name, value));
            }
        }

        foreach (var option in existing)
        {
            var colon = option.IndexOf(':', StringComparison.Ordinal);
            Set(colon >= 0 ? option[..colon] : option, colon >= 0 ? option[(colon + 1)..] : null);
        }

        foreach (var option in podOptions ?? [])
        {
            Set(option.Name, option.Value);
        }

        return [.. merged.Select(option => string.IsNullOrEmpty(option.Value) ? option.Name : $"{option.Name}:{option.Value}")];
    }

    /// <summary>Upstream's search line limits: the first 32 domains, none longer than 253 characters, at most 2048 characters joined (cut from the end).</summary>
    internal static List<string> FitSearches(IEnumerable<string> searches)
    {
        var fitted = searches.Take(MaxSearches).Where(domain => domain.Length <= MaxSearchLength).ToList();
        var length = fitted.Sum(domain => domain.Length) + Math.Max(0, fitted.Count - 1);
        while (length > MaxSearchListChars)
        {
            length -= fitted[^1].Length + 1;
            fitted.RemoveAt(fitted.Count - 1);
        }

        return fitted;
    }

    private static Source SourceOf(V1Pod pod, PodDnsOptions options)
    {
        var source = pod.Spec?.DnsPolicy switch
        {
            None => Source.Empty,
            ClusterFirstWithHostNet => Source.Cluster,
            Default => Source.Host,

            // ClusterFirst (null: the API's default) on the host network is Default; it and any
            // unknown policy use the cluster DNS otherwise, as upstream.
            ClusterFirst or null when pod.Spec?.HostNetwork == true => Source.Host,
            _ => Source.Cluster,
        };

        // Without a cluster DNS server, ClusterFirst cannot be honoured: upstream falls back to Default.
        return source == Source.Cluster && options.ClusterDns.Count == 0 ? Source.Host : source;
    }
}
