namespace KubeSharp.Controllers.GarbageCollector;

/// <summary>
/// Owners the API server said do not exist (upstream's absentOwnerCache, an LRU of 500), so the
/// dependents of one deleted owner do not each ask the API server again.
/// </summary>
internal sealed class ReferenceCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectIdentity, LinkedListNode<ObjectIdentity>> _entries = [];
    private readonly LinkedList<ObjectIdentity> _recent = new();

    public void Add(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(identity, out var existing))
            {
                _recent.Remove(existing);
                _recent.AddFirst(existing);
                return;
            }

            _entries[identity] = _recent.AddFirst(identity);
            if (_entries.Count > capacity)
            {
                _entries.Remove(_recent.Last!.Value);
                _recent.RemoveLast();
            }
        }
    }

    /// <summary>Whether the owner is known to be absent; a hit counts as a use.</summary>
    public bool Has(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(identity, out var entry))
            {
                return false;
            }

            _recent.Remove(entry);
            _recent.AddFirst(entry);
            return true;
        }
    }
}
