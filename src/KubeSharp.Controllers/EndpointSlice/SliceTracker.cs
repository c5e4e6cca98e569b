using k8s.Models;

namespace KubeSharp.Controllers.EndpointSlice;

/// <summary>
/// upstream's EndpointSliceTracker: the generation of every slice this controller wrote, by Service,
/// or that it expects a slice to be deleted. It tells the controller when its cache is behind its
/// own writes (so it must not act yet: it would create slices twice) and which slice events are
/// just its own writes coming back (so they need no sync).
/// </summary>
internal sealed class SliceTracker
{
    private const long DeletionExpected = -1;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, long>> _generationsByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _serviceUids = new(StringComparer.Ordinal);

    /// <summary>Whether the slice is one this tracker knows of.</summary>
    public bool Has(V1EndpointSlice slice)
    {
        lock (_lock)
        {
            return Generations(slice) is { } generations && generations.ContainsKey(slice.Metadata.Uid ?? string.Empty);
        }
    }

    /// <summary>ShouldSync: the slice is unknown, or newer than what this controller last wrote.</summary>
    public bool ShouldSync(V1EndpointSlice slice)
    {
        lock (_lock)
        {
            return Generations(slice) is not { } generations
                || !generations.TryGetValue(slice.Metadata.Uid ?? string.Empty, out var generation)
                || Generation(slice) > generation;
        }
    }

    /// <summary>
    /// StaleSlices: the cache is behind if a slice is older than written, one expected deleted is
    /// still there, or one written is missing. A Service recreated under the same name starts afresh.
    /// </summary>
    public bool StaleSlices(V1Service service, IReadOnlyList<V1EndpointSlice> slices)
    {
        var key = $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name}";
        var uid = service.Metadata.Uid ?? string.Empty;
        lock (_lock)
        {
            if (_serviceUids.TryGetValue(key, out var trackedUid) && trackedUid.Length > 0 && uid.Length > 0 && trackedUid != uid)
            {
                _generationsByService.Remove(key);
            }

            _serviceUids[key] = uid;
            if (!_generationsByService.TryGetValue(key, out var generations))
            {
                return false;
            }

            var provided = new HashSet<string>(StringComparer.Ordinal);
            foreach (var slice in slices)
            {
                var sliceUid = slice.Metadata.Uid ?? string.Empty;
                provided.Add(sliceUid);
                if (generations.TryGetValue(sliceUid, out var generation) && (generation == DeletionExpected || generation > Generation(slice)))
                {
                    return true;
                }
            }

            return generations.Any(pair => pair.Value != DeletionExpected && !provided.Contains(pair.Key));
        }
    }

    /// <summary>Records a slice as the server returned it after a create or update.</summary>
    public void Update(V1EndpointSlice slice)
    {
        lock (_lock)
        {
            GenerationsOrNew(slice)[slice.Metadata.Uid ?? string.Empty] = Generation(slice);
        }
    }

    public void ExpectDeletion(V1EndpointSlice slice)
    {
        lock (_lock)
        {
            GenerationsOrNew(slice)[slice.Metadata.Uid ?? string.Empty] = DeletionExpected;
        }
    }

    /// <summary>Forgets a deleted slice; false if its deletion was not this controller's doing.</summary>
    public bool HandleDeletion(V1EndpointSlice slice)
    {
        lock (_lock)
        {
            if (Generations(slice) is { } generations
                && generations.Remove(slice.Metadata.Uid ?? string.Empty, out var generation)
                && generation != DeletionExpected)
            {
                return false;
            }

            return true;
        }
    }

    public void DeleteService(string key)
    {
        lock (_lock)
        {
            _generationsByService.Remove(key);
            _serviceUids.Remove(key);
        }
    }

    private static long Generation(V1EndpointSlice slice) => slice.Metadata.Generation ?? 0;

    /// <summary>The slice's Service: its namespace and service-name label.</summary>
    private static string ServiceKey(V1EndpointSlice slice)
    {
        string? name = null;
        slice.Metadata.Labels?.TryGetValue(SliceLabels.ServiceName, out name);
        return $"{slice.Metadata.NamespaceProperty}/{name}";
    }

    private Dictionary<string, long>? Generations(V1EndpointSlice slice) => _generationsByService.GetValueOrDefault(ServiceKey(slice));

    private Dictionary<string, long> GenerationsOrNew(V1EndpointSlice slice)
    {
        var key = ServiceKey(slice);
        if (!_generationsByService.TryGetValue(key, out var generations))
        {
            generations = new Dictionary<string, long>(StringComparer.Ordinal);
            _generationsByService[key] = generations;
        }

        return generations;
    }
}
