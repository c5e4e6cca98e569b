using KubeSharp.Api.Networking;
namespace KubeSharp.Simulator.Addresses;

/// <summary>
/// Fake pod IPs: handed out in order from a node's pod CIDR when it has a usable IPv4 one, else from
/// the simulator's range, each unique among live pods across all ranges (node CIDRs are usually
/// slices of the cluster range, so one set of addresses in use covers them all). Nothing routes them.
/// </summary>
internal sealed class PodIpAllocator
{
    private readonly Lock _lock = new();
    private readonly Ipv4Cidr _fallback;
    private readonly HashSet<uint> _used = [];

    // Where the next search starts in each range, so addresses go out in order and a released one is not reused at once.
    private readonly Dictionary<Ipv4Cidr, long> _cursors = [];

    public PodIpAllocator(Ipv4Cidr fallback) => _fallback = fallback;

    /// <summary>Addresses in use.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>The next free address in <paramref name="nodePodCidr"/> (or the fallback range); null when the range is full.</summary>
    public string? Allocate(string? nodePodCidr)
    {
        var range = Ipv4Cidr.TryParse(nodePodCidr, out var cidr) && cidr.UsableCount > 0 ? cidr : _fallback;
        lock (_lock)
        {
            var size = range.UsableCount;
            var start = _cursors.GetValueOrDefault(range);
            for (long i = 0; i < size; i++)
            {
                var offset = (start + i) % size;
                var address = (uint)(range.FirstUsable + offset);
                if (_used.Add(address))
                {
                    _cursors[range] = (offset + 1) % size;
                    return Ipv4Cidr.Format(address);
                }
            }

            return null;
        }
    }

    /// <summary>Marks an address a pod already has as in use (the simulator restarted); false if it is not IPv4 or is taken.</summary>
    public bool Reserve(string ip)
    {
        if (!Ipv4Cidr.TryParseAddress(ip, out var address))
        {
            return false;
        }

        lock (_lock)
        {
            return _used.Add(address);
        }
    }

    public void Release(string ip)
    {
        if (!Ipv4Cidr.TryParseAddress(ip, out var address))
        {
            return;
        }

        lock (_lock)
        {
            _used.Remove(address);
        }
    }
}
