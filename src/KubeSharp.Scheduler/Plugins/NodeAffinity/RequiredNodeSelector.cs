using k8s.Models;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// A required node selector (component-helpers' LazyErrorNodeSelector): its non-empty terms, ORed.
/// Invalid terms match nothing, so the other terms still decide.
/// </summary>
internal sealed class RequiredNodeSelector
{
    private readonly List<NodeSelectorTermMatcher> _terms = [];

    public RequiredNodeSelector(V1NodeSelector selector, string path)
    {
        var terms = selector.NodeSelectorTerms ?? [];
        for (var i = 0; i < terms.Count; i++)
        {
            if (!NodeSelectorTermMatcher.IsEmpty(terms[i]))
            {
                _terms.Add(new NodeSelectorTermMatcher(terms[i], $"{path}.nodeSelectorTerms[{i}]"));
            }
        }
    }

    public IEnumerable<string> Errors => _terms.SelectMany(term => term.Errors);

    public bool Matches(V1Node node)
    {
        foreach (var term in _terms)
        {
            if (term.Matches(node))
            {
                return true;
            }
        }

        return false;
    }
}
