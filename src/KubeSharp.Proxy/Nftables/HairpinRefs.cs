using System.Runtime.InteropServices;

namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// How many Services use each endpoint IP: its "IP . IP" element stays in the hairpin set (which
/// masquerades a pod that reached itself through a Service) while any does.
/// </summary>
internal sealed class HairpinRefs
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public IEnumerable<string> Ips => _counts.Keys;

    /// <summary>True when this is the IP's first user, so its element must be added.</summary>
    public bool Acquire(string ip) => ++CollectionsMarshal.GetValueRefOrAddDefault(_counts, ip, out _) == 1;

    /// <summary>True when this was the IP's last user, so its element must be deleted.</summary>
    public bool Release(string ip)
    {
        if (!_counts.TryGetValue(ip, out var count))
        {
            return false;
        }

        if (count > 1)
        {
            _counts[ip] = count - 1;
            return false;
        }

        _counts.Remove(ip);
        return true;
    }

    public void Clear() => _counts.Clear();

    /// <summary>The element of the hairpin set for an endpoint IP.</summary>
    public static string Element(string ip) => $"{ip} . {ip}";
}
