namespace KubeSharp.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Summed term weights by topology key and value (scoreMap upstream): a node scores the sum over
/// the keys it has of the weight of its value.
/// </summary>
internal sealed class TopologyScores
{
    private readonly Dictionary<string, Dictionary<string, long>> _scores = new(StringComparer.Ordinal);

    public int Count => _scores.Count;

    /// <summary>Adds weight to the node's domain for the key; nodes without the label are in no domain.</summary>
    public void Add(IReadOnlyDictionary<string, string> nodeLabels, string topologyKey, long weight)
    {
        if (!nodeLabels.TryGetValue(topologyKey, out var value))
        {
            return;
        }

        if (!_scores.TryGetValue(topologyKey, out var byValue))
        {
            _scores[topologyKey] = byValue = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        byValue[value] = byValue.GetValueOrDefault(value) + weight;
    }

    public void Merge(TopologyScores other)
    {
        foreach (var (key, byValue) in other._scores)
        {
            if (!_scores.TryGetValue(key, out var mine))
            {
                _scores[key] = mine = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (value, weight) in byValue)
            {
                mine[value] = mine.GetValueOrDefault(value) + weight;
            }
        }
    }

    public long ScoreOf(IReadOnlyDictionary<string, string> nodeLabels)
    {
        long score = 0;
        foreach (var (key, byValue) in _scores)
        {
            if (nodeLabels.TryGetValue(key, out var value))
            {
                score += byValue.GetValueOrDefault(value);
            }
        }

        return score;
    }
}
