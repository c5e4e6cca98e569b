using k8s.Models;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Parsed preferred scheduling terms (component-helpers' PreferredSchedulingTerms). Terms of weight
/// 0 and empty terms are left out; invalid terms are reported in <see cref="Errors"/>.
/// </summary>
internal sealed class PreferredSchedulingTerms
{
    private readonly List<(NodeSelectorTermMatcher Term, long Weight)> _terms = [];

    public PreferredSchedulingTerms(IList<V1PreferredSchedulingTerm> terms, string path)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (term.Weight == 0 || NodeSelectorTermMatcher.IsEmpty(term.Preference))
            {
                continue;
            }

            var parsed = new NodeSelectorTermMatcher(term.Preference, $"{path}[{i}].preference");
            if (parsed.Errors.Count > 0)
            {
                Errors.AddRange(parsed.Errors);
                continue;
            }

            _terms.Add((parsed, term.Weight));
        }
    }

    public List<string> Errors { get; } = [];

    /// <summary>The sum of the weights of the terms the node matches.</summary>
    public long Score(V1Node node)
    {
        long score = 0;
        foreach (var (term, weight) in _terms)
        {
            if (term.Matches(node))
            {
                score += weight;
            }
        }

        return score;
    }
}
