using k8s.Models;

namespace KubeSharp.Controllers.NodeLifecycle;

/// <summary>
/// When a pod must leave a node with NoExecute taints (the taint eviction controller's decision):
/// a taint no toleration tolerates sends it at once; otherwise each taint allows the
/// tolerationSeconds of the first toleration that tolerates it (none: forever), counted from the
/// taint's timeAdded, and the earliest deadline wins.
/// </summary>
internal static class TaintEvictionTimes
{
    /// <summary>Evict now, whatever the clock says.</summary>
    public static readonly DateTimeOffset AtOnce = DateTimeOffset.MinValue;

    /// <summary>
    /// The time the pod must be deleted, <see cref="AtOnce"/>, or null if its tolerations let it stay
    /// forever. A taint without timeAdded (put on by hand through the API) counts from
    /// <paramref name="firstSeen"/>: when the controller first saw it.
    /// </summary>
    public static DateTimeOffset? EvictAt(IEnumerable<V1Taint> noExecuteTaints, IList<V1Toleration>? tolerations, Func<V1Taint, DateTimeOffset> firstSeen)
    {
        DateTimeOffset? earliest = null;
        foreach (var taint in noExecuteTaints)
        {
            var toleration = tolerations?.FirstOrDefault(t => Tolerates(t, taint));
            if (toleration is null)
            {
                return AtOnce;
            }

            if (toleration.TolerationSeconds is not { } seconds)
            {
                continue;
            }

            var start = taint.TimeAdded is { } added ? Timestamps.Utc(added) : firstSeen(taint);

            // Zero or less means no grace at all (getMinTolerationTime).
            var deadline = seconds <= 0 ? AtOnce : start.AddSeconds(seconds);
            if (earliest is null || deadline < earliest)
            {
                earliest = deadline;
            }
        }

        return earliest;
    }

    /// <summary>
    /// ToleratesTaint: an empty effect matches every effect and an empty key every key; the
    /// operator (default Equal) compares values, Exists does not.
    /// </summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }
}
