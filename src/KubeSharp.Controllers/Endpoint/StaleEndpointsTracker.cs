using k8s.Models;
using KubeSharp.Client.Informers;

namespace KubeSharp.Controllers.Endpoint;

/// <summary>
/// staleEndpointsTracker: the resourceVersion each Endpoints had before this controller last
/// updated it. Seeing that version in the cache again means the cache is behind the controller's
/// own write, so the sync waits rather than act on it (and fail on a conflict or write twice).
/// </summary>
internal sealed class StaleEndpointsTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _staleVersions = new(StringComparer.Ordinal);

    public void MarkStale(V1Endpoints endpoints)
    {
        lock (_lock)
        {
            _staleVersions[ObjectKeys.Of(endpoints)] = endpoints.Metadata.ResourceVersion;
        }
    }

    public bool IsStale(V1Endpoints endpoints)
    {
        lock (_lock)
        {
            return _staleVersions.TryGetValue(ObjectKeys.Of(endpoints), out var stale) && stale == endpoints.Metadata.ResourceVersion;
        }
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            _staleVersions.Remove(key);
        }
    }
}
