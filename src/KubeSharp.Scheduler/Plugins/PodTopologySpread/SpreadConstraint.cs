using k8s.Models;
using KubeSharp.Api.Selectors;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.Helper;
using KubeSharp.Scheduler.Plugins.NodeAffinity;

namespace KubeSharp.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// A topology spread constraint with its selector parsed (matchLabelKeys already merged in) and
/// its defaults applied: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
/// </summary>
internal sealed record SpreadConstraint(
    int MaxSkew,
    string TopologyKey,
    LabelSelector Selector,
    int MinDomains,
    bool HonorNodeAffinity,
    bool HonorNodeTaints)
{
    public const string Honor = "Honor";

    /// <summary>
    /// Whether the node counts towards the spread of this pod at all (nodeAffinityPolicy,
    /// nodeTaintsPolicy); required is the pod's node selector and required node affinity.
    /// </summary>
    public bool IncludesNode(PodInfo pod, RequiredNodeAffinity required, V1Node node)
    {
        if (HonorNodeAffinity && !required.Matches(node))
        {
            return false;
        }

        // Only the taints that keep pods off (NoSchedule, NoExecute), not PreferNoSchedule.
        return !HonorNodeTaints || Tolerations.FindUntoleratedTaint(node.Spec?.Taints, pod.Pod.Spec?.Tolerations, Tolerations.DoNotSchedule) is null;
    }
}
