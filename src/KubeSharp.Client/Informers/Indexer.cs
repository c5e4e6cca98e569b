using k8s;
using k8s.Models;

namespace KubeSharp.Client.Informers;

/// <summary>
/// The informer's cache: objects by key, plus named indexes (namespace built in; owner, node...
/// added by users). Objects in it are shared and read-only: copy before changing.
/// </summary>
public sealed class Indexer<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public const string NamespaceIndex = "namespace";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal)
    {
        [NamespaceIndex] = item => [item.Metadata?.NamespaceProperty ?? string.Empty],
    };

    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal) { [NamespaceIndex] = [] };

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an index; existing objects are indexed at once.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> values)
    {
        lock (_lock)
        {
            _indexers.Add(name, values);
            _indexes[name] = [];
            foreach (var (key, item) in _items)
            {
                Index(name, key, item);
            }
        }
    }

    public T? Get(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public List<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    public List<T> ByIndex(string index, string value)
    {
        lock (_lock)
        {
            return _indexes[index].TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Stores the object; returns the one it replaced, if any.</summary>
    public T? Upsert(T item)
    {
        var key = ObjectKeys.Of(item);
        lock (_lock)
        {
            var old = Unindex(key);
            _items[key] = item;
            foreach (var name in _indexers.Keys)
            {
                Index(name, key, item);
            }

            return old;
        }
    }

    /// <summary>Removes the object with this key; returns it, if it was there.</summary>
    public T? Remove(string key)
    {
        lock (_lock)
        {
            var old = Unindex(key);
            _items.Remove(key);
            return old;
        }
    }

    private T? Unindex(string key)
    {
        if (!_items.TryGetValue(key, out var old))
        {
            return default;
        }

        foreach (var (name, values) in _indexers)
        {
            foreach (var value in values(old))
            {
                if (_indexes[name].TryGetValue(value, out var keys))
                {
                    keys.Remove(key);
                    if (keys.Count == 0)
                    {
                        _indexes[name].Remove(value);
                    }
                }
            }
        }

        return old;
    }

    private void Index(string name, string key, T item)
    {
        foreach (var value in _indexers[name](item))
        {
            if (!_indexes[name].TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                _indexes[name][value] = keys;
            }

            keys.Add(key);
        }
    }
}
