using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// A registry endpoint as containerd reaches it: scheme, host[:port] and API root path. Endpoint URLs
/// are read as k3s reads a mirror's: https unless stated (but http for a loopback host on a port other
/// than 443), Docker Hub's names mean its API host, and a path other than /v2 is the API root itself
/// (hosts.toml's override_path).
/// </summary>
internal sealed partial record RegistryEndpoint(string Scheme, string Authority, string RootPath)
{
    private const string DockerHub = "docker.io";
    private const string DockerHubApi = "registry-1.docker.io";
    private const string DockerHubLegacy = "index.docker.io";

    public string Url => Scheme + "://" + Authority + RootPath;

    public bool IsHttps => Scheme == "https";

    public bool OverridePath => RootPath.Length > 0;

    /// <summary>The name of this endpoint's entry in the <c>configs</c> section.</summary>
    public string ConfigKey => Canonical(Authority);

    /// <summary>Where containerd pulls from a registry (given in canonical form) when no mirror serves it.</summary>
    public static RegistryEndpoint Of(string registry) =>
        new("https", registry == DockerHub ? DockerHubApi : registry, string.Empty);

    /// <summary>A registry host as image names, configs and containerd's hosts folders use it: lower case, Docker Hub as docker.io.</summary>
    public static string Canonical(string host)
    {
        var lower = host.ToLowerInvariant();
        return lower is DockerHubApi or DockerHubLegacy ? DockerHub : lower;
    }

    /// <summary>Whether <paramref name="text"/> is a host name or address with an optional port, and nothing else.</summary>
    public static bool IsHost(string text) => HostPattern().IsMatch(text);

    public static bool TryParse(string text, [NotNullWhen(true)] out RegistryEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        string? scheme = null;
        var rest = text;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
            if (scheme is not ("http" or "https"))
            {
                error = $"\"{text}\" is not an http or https URL";
                return false;
            }
        }

        if (rest.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            error = $"\"{text}\" has a query or fragment";
            return false;
        }

        var slash = rest.IndexOf('/');
        var authority = (slash < 0 ? rest : rest[..slash]).ToLowerInvariant();
        if (!IsHost(authority))
        {
            error = $"\"{text}\" has no valid host (host or host:port)";
            return false;
        }

        var path = slash < 0 ? string.Empty : rest[slash..].TrimEnd('/');
        endpoint = new RegistryEndpoint(
            scheme ?? (IsLoopbackOffTlsPort(authority) ? "http" : "https"),
            Canonical(authority) == DockerHub ? DockerHubApi : authority,
            path == "/v2" ? string.Empty : path);
        error = null;
        return true;
    }

    // containerd's rule for an address without a scheme: a loopback registry on a port other than 443 speaks plain HTTP.
    private static bool IsLoopbackOffTlsPort(string authority)
    {
        var colon = authority.LastIndexOf(':');
        if (colon <= authority.LastIndexOf(']'))
        {
            return false;
        }

        var host = authority[..colon];
        if (host.StartsWith('['))
        {
            host = host[1..^1];
        }

        return authority[(colon + 1)..] != "443"
            && (host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)));
    }

    // A DNS name, IPv4 address or bracketed IPv6 address, then an optional port: no scheme, user or path.
    [GeneratedRegex(
        @"^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
