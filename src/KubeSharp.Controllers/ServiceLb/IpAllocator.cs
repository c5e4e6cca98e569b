using KubeSharp.Api.Networking;

namespace KubeSharp.Controllers.ServiceLb;

/// <summary>
/// Which Service (by "namespace/name") holds which pool address. Workers for different Services
/// call it at once, so one lock covers every decision. A Service that found no address it could
/// have (the pool full, or the one it asked for taken) waits: freeing any address wakes the
/// waiting ones through <c>wake</c>, which is called under the lock and must only enqueue.
/// </summary>
internal sealed class IpAllocator(LoadBalancerPool pool, Action<string> wake)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, string> _owners = [];
    private readonly Dictionary<string, uint> _addresses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);

    public LoadBalancerPool Pool => pool;

    /// <summary>
    /// The address for the Service: the one it asks for if that is in the pool and free (else none);
    /// without a request, the one it holds, else the first free one its status already shows, else
    /// the lowest free. A Service that gets nothing gives up what it held.
    /// </summary>
    public Allocation Allocate(string key, string? requested, IEnumerable<string> shown)
    {
        lock (_lock)
        {
            if (requested is not null)
            {
                if (!LoadBalancerPool.TryParseAddress(requested, out var wanted))
                {
                    return Fail(key, $"the requested address \"{requested}\" is not an IPv4 address", wait: false);
                }

                if (!pool.Contains(wanted))
                {
                    return Fail(key, $"{Ipv4Cidr.Format(wanted)} is not in the pool {pool}", wait: false);
                }

                return _owners.TryGetValue(wanted, out var owner) && owner != key
                    ? Fail(key, $"{Ipv4Cidr.Format(wanted)} is already used by {owner}", wait: true)
                    : Assign(key, wanted);
            }

            if (_addresses.TryGetValue(key, out var held))
            {
                return Allocation.Assigned(held);
            }

            foreach (var text in shown)
            {
                if (LoadBalancerPool.TryParseAddress(text, out var address) && pool.Contains(address) && !_owners.ContainsKey(address))
                {
                    return Assign(key, address);
                }
            }

            foreach (var address in pool.Addresses())
            {
                if (!_owners.ContainsKey(address))
                {
                    return Assign(key, address);
                }
            }

            return Fail(key, $"no free address in the pool {pool}", wait: true);
        }
    }

    /// <summary>Books an address a Service already has (its status at start-up); false if it is outside the pool or taken, or the Service holds one.</summary>
    public bool Claim(string key, uint address)
    {
        lock (_lock)
        {
            if (!pool.Contains(address) || _owners.ContainsKey(address) || _addresses.ContainsKey(key))
            {
                return false;
            }

            _owners[address] = key;
            _addresses[key] = address;
            return true;
        }
    }

    /// <summary>Frees what the Service held and stops it waiting; returns the address freed.</summary>
    public uint? Release(string key)
    {
        lock (_lock)
        {
            _waiting.Remove(key);
            return ReleaseLocked(key);
        }
    }

    public uint? AddressOf(string key)
    {
        lock (_lock)
        {
            return _addresses.TryGetValue(key, out var address) ? address : null;
        }
    }

    private Allocation Assign(string key, uint address)
    {
        _waiting.Remove(key);
        if (_addresses.TryGetValue(key, out var held) && held != address)
        {
            ReleaseLocked(key);
        }

        _owners[address] = key;
        _addresses[key] = address;
        return Allocation.Assigned(address);
    }

    private Allocation Fail(string key, string reason, bool wait)
    {
        _waiting.Remove(key);
        ReleaseLocked(key);
        if (wait)
        {
            _waiting.Add(key);
        }

        return Allocation.Failed(reason);
    }

    private uint? ReleaseLocked(string key)
    {
        if (!_addresses.Remove(key, out var address))
        {
            return null;
        }

        _owners.Remove(address);
        foreach (var waiting in _waiting)
        {
            wake(waiting);
        }

        _waiting.Clear();
        return address;
    }
}
