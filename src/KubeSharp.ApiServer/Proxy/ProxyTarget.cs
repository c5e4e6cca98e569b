using System.Globalization;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>Where a proxied request goes: http or https to an address and port.</summary>
internal sealed record ProxyTarget(string Scheme, string Host, int Port)
{
    /// <summary>A target for a request's scheme ("" is http); no port means the scheme's own.</summary>
    public static ProxyTarget For(string scheme, string host, int? port)
    {
        var effective = scheme.Length == 0 ? "http" : scheme;
        return new ProxyTarget(effective, host, port ?? (effective == "https" ? 443 : 80));
    }

    /// <summary>host:port, an IPv6 address in brackets.</summary>
    public string Authority => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public Uri Uri(string pathAndQuery) => new($"{Scheme}://{Authority}{pathAndQuery}");
}
