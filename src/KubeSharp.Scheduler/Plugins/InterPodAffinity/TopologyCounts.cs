namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// How many matching (pod, term) pairs each topology domain holds (topologyToMatchedTermCount
/// upstream). Entries that drop to zero are removed, so <see cref="Count"/> tells whether any
/// domain has a match at all.
/// </summary>
internal sealed class TopologyCounts
{
    private readonly Dictionary<TopologyPair, long> _counts;

    public TopologyCounts()
        : this([])
    {
    }

    private TopologyCounts(Dictionary<TopologyPair, long> counts) => _counts = counts;

    public int Count => _counts.Count;

    public long this[TopologyPair pair] => _counts.GetValueOrDefault(pair);

    /// <summary>Adds delta to the node's domain for the key; nodes without the label are in no domain.</summary>
    public void Update(IReadOnlyDictionary<string, string> nodeLabels, string topologyKey, long delta)
    {
        if (!nodeLabels.TryGetValue(topologyKey, out var value))
        {
            return;
        }

        var pair = new TopologyPair(topologyKey, value);
        var count = _counts.GetValueOrDefault(pair) + delta;
        if (count == 0)
        {
            _counts.Remove(pair);
        }
        else
        {
            _counts[pair] = count;
        }
    }

    public void Merge(TopologyCounts other)
    {
        foreach (var (pair, count) in other._counts)
        {
            _counts[pair] = _counts.GetValueOrDefault(pair) + count;
        }
    }

    public TopologyCounts Clone() => new(new Dictionary<TopologyPair, long>(_counts));
}
