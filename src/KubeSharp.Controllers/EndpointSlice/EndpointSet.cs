using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// upstream's EndpointSet: endpoints by identity, which is their addresses, hostname and target
/// name, so a change of conditions, node or zone updates an endpoint in place instead of moving it.
/// Taken out in the order they were added (upstream takes them in map order).
/// </summary>
internal sealed class EndpointSet
{
    private readonly Dictionary<string, V1Endpoint> _items = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private int _next;

    public int Count => _items.Count;

    public void Add(V1Endpoint endpoint)
    {
        var key = Key(endpoint);
        if (_items.TryAdd(key, endpoint))
        {
            _order.Add(key);
        }
        else
        {
            _items[key] = endpoint;
        }
    }

    /// <summary>The desired endpoint with the same identity as <paramref name="endpoint"/>, if any.</summary>
    public V1Endpoint? Get(V1Endpoint endpoint) => _items.GetValueOrDefault(Key(endpoint));

    public void Remove(V1Endpoint endpoint) => _items.Remove(Key(endpoint));

    /// <summary>Takes out the oldest remaining endpoint; the set must not be empty.</summary>
    public V1Endpoint Pop()
    {
        while (true)
        {
            if (_items.Remove(_order[_next++], out var endpoint))
            {
                return endpoint;
            }
        }
    }

    /// <summary>hashEndpoint's fields: sorted addresses, hostname, target namespace and name.</summary>
    public static string Key(V1Endpoint endpoint) =>
        string.Join(",", (endpoint.Addresses ?? []).Order(StringComparer.Ordinal))
        + "|" + endpoint.Hostname
        + "|" + endpoint.TargetRef?.NamespaceProperty
        + "|" + endpoint.TargetRef?.Name;
}
