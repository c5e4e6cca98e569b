namespace KubeSharp.Proxy.Nftables;

/// <summary>
/// Which Service owns each map element. Two Services can claim the same key (the same external
/// IP and port, say); adding both would fail the whole batch, so the first keeps it and the others
/// wait: when the owner lets go, they are named so they can claim it.
/// </summary>
internal sealed class ElementOwners
{
    private readonly Dictionary<ElementKey, string> _owners = [];
    private readonly Dictionary<ElementKey, HashSet<string>> _waiting = [];

    /// <summary>True if the key is now the Service's (or already was).</summary>
    public bool TryClaim(ElementKey key, string service)
    {
        if (_owners.TryGetValue(key, out var owner))
        {
            if (owner == service)
            {
                return true;
            }

            if (!_waiting.TryGetValue(key, out var waiting))
            {
                waiting = new HashSet<string>(StringComparer.Ordinal);
                _waiting[key] = waiting;
            }

            waiting.Add(service);
            return false;
        }

        _owners[key] = service;
        return true;
    }

    public bool Owns(ElementKey key, string service) => _owners.TryGetValue(key, out var owner) && owner == service;

    /// <summary>Gives the key up; the Services waiting for it are added to <paramref name="waiting"/>.</summary>
    public void Release(ElementKey key, string service, ICollection<string> waiting)
    {
        if (!Owns(key, service))
        {
            return;
        }

        _owners.Remove(key);
        if (_waiting.Remove(key, out var services))
        {
            foreach (var other in services)
            {
                waiting.Add(other);
            }
        }
    }

    public void Clear()
    {
        _owners.Clear();
        _waiting.Clear();
    }
}
