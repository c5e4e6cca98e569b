using k8s.Models;

namespace KubeSharp.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// What a pod requires of its node (component-helpers' RequiredNodeAffinity): every spec.nodeSelector
/// label, and the required node affinity terms if any.
/// </summary>
internal sealed class RequiredNodeAffinity
{
    private readonly IDictionary<string, string>? _nodeSelector;
    private readonly RequiredNodeSelector? _affinity;

    private RequiredNodeAffinity(IDictionary<string, string>? nodeSelector, RequiredNodeSelector? affinity)
    {
        _nodeSelector = nodeSelector;
        _affinity = affinity;
    }

    public static RequiredNodeAffinity For(V1Pod pod)
    {
        var spec = pod.Spec;
        var required = spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return new RequiredNodeAffinity(
            spec?.NodeSelector is { Count: > 0 } selector ? selector : null,
            required is null ? null : new RequiredNodeSelector(required, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
    }

    public bool Matches(V1Node node)
    {
        if (_nodeSelector is not null)
        {
            var labels = node.Metadata?.Labels;
            foreach (var (key, value) in _nodeSelector)
            {
                if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return _affinity is null || _affinity.Matches(node);
    }
}
