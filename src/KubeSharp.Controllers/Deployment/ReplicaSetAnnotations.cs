using System.Globalization;
using k8s;
using k8s.Models;

namespace KubeSharp.Controllers.Deployment;

/// <summary>
/// The annotations a Deployment keeps on its ReplicaSets (deployment_util): the revision that
/// orders rollouts (and, on a ReplicaSet rolled back to, the revisions it served before), and the
/// desired and maximum replicas at its last scaling, which tell scaling events from rollouts and
/// weigh proportional scaling.
/// </summary>
internal static class ReplicaSetAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";

    /// <summary>maxRevHistoryLengthInChars: about 100 revisions.</summary>
    public const int MaxRevisionHistoryLength = 2000;

    private const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";
    private const string DeprecatedRollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>annotationsToSkip: each object keeps its own; the rest are copied from the Deployment.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        LastAppliedConfiguration, Revision, RevisionHistory, DesiredReplicas, MaxReplicas, DeprecatedRollbackTo,
    };

    public static string? Get(V1ObjectMeta? metadata, string key) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>Revision: 0 without the annotation; false when it is not a number.</summary>
    public static bool TryGetRevision(IKubernetesObject<V1ObjectMeta> item, out long revision)
    {
        revision = 0;
        return Get(item.Metadata, Revision) is not { } text || long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out revision);
    }

    /// <summary>MaxRevision: the highest revision; unparsable ones are skipped.</summary>
    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets)
    {
        long max = 0;
        foreach (var rs in replicaSets)
        {
            if (TryGetRevision(rs, out var revision) && revision > max)
            {
                max = revision;
            }
        }

        return max;
    }

    /// <summary>SetDeploymentRevision: true if the Deployment's revision changed.</summary>
    public static bool SetDeploymentRevision(V1Deployment d, string revision)
    {
        if ((Get(d.Metadata, Revision) ?? string.Empty) == revision)
        {
            return false;
        }

        d.Metadata.Annotations ??= new Dictionary<string, string>();
        d.Metadata.Annotations[Revision] = revision;
        return true;
    }

    /// <summary>
    /// SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the revision to
    /// <paramref name="newRevision"/> (never lowers it: old ReplicaSets may have been deleted since),
    /// keeps the revisions a rolled-back-to ReplicaSet served, and gives a ReplicaSet about to be
    /// created its replica annotations. True if anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet newRS, string newRevision, bool exists, int revisionHistoryLimitInChars)
    {
        var changed = CopyDeploymentAnnotations(d, newRS);
        var annotations = newRS.Metadata.Annotations ??= new Dictionary<string, string>();
        var hadRevision = annotations.TryGetValue(Revision, out var oldRevision);
        oldRevision ??= string.Empty;
        long oldRevisionNumber = 0;
        if (oldRevision.Length > 0 && !long.TryParse(oldRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out oldRevisionNumber))
        {
            return false;
        }

        if (!long.TryParse(newRevision, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var newRevisionNumber))
        {
            return false;
        }

        if (oldRevisionNumber < newRevisionNumber)
        {
            annotations[Revision] = newRevision;
            changed = true;
        }

        // A ReplicaSet that had a revision and gets a newer one is being rolled back to.
        if (hadRevision && oldRevisionNumber < newRevisionNumber)
        {
            var history = annotations.TryGetValue(RevisionHistory, out var served) ? served : string.Empty;
            var oldRevisions = history.Split(',');
            if (oldRevisions[0].Length == 0)
            {
                annotations[RevisionHistory] = oldRevision;
            }
            else
            {
                // Drop the oldest entries until the new one fits the limit.
                var totalLength = history.Length + oldRevision.Length + 1;
                var start = 0;
                while (totalLength > revisionHistoryLimitInChars && start < oldRevisions.Length)
                {
                    totalLength -= oldRevisions[start].Length + 1;
                    start++;
                }

                if (totalLength <= revisionHistoryLimitInChars)
                {
                    annotations[RevisionHistory] = string.Join(',', oldRevisions.Skip(start).Append(oldRevision));
                }
            }
        }

        var replicas = Deployments.Replicas(d);
        if (!exists && SetReplicasAnnotations(newRS, replicas, replicas + Fenceposts.MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>SetReplicasAnnotations: true if either changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desiredReplicas, int maxReplicas)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var updated = false;
        var desired = desiredReplicas.ToString(CultureInfo.InvariantCulture);
        if (Get(rs.Metadata, DesiredReplicas) != desired)
        {
            annotations[DesiredReplicas] = desired;
            updated = true;
        }

        var max = maxReplicas.ToString(CultureInfo.InvariantCulture);
        if (Get(rs.Metadata, MaxReplicas) != max)
        {
            annotations[MaxReplicas] = max;
            updated = true;
        }

        return updated;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desiredReplicas, int maxReplicas) =>
        rs.Metadata.Annotations is null
        || Get(rs.Metadata, DesiredReplicas) != desiredReplicas.ToString(CultureInfo.InvariantCulture)
        || Get(rs.Metadata, MaxReplicas) != maxReplicas.ToString(CultureInfo.InvariantCulture);

    /// <summary>GetDesiredReplicasAnnotation: null when absent or not a number.</summary>
    public static int? GetDesiredReplicas(V1ReplicaSet rs) => GetNumber(rs, DesiredReplicas);

    public static int? GetMaxReplicas(V1ReplicaSet rs) => GetNumber(rs, MaxReplicas);

    private static int? GetNumber(V1ReplicaSet rs, string key) =>
        Get(rs.Metadata, key) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>
    /// copyDeploymentAnnotationsToReplicaSet. The revision is not copied: the ReplicaSet's is the
    /// reliable one, the Deployment's is copied from it and its update may have failed.
    /// </summary>
    private static bool CopyDeploymentAnnotations(V1Deployment d, V1ReplicaSet rs)
    {
        var changed = false;
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (NotCopied.Contains(key) || (annotations.TryGetValue(key, out var existing) && existing == value))
            {
                continue;
            }

            annotations[key] = value;
            changed = true;
        }

        return changed;
    }
}
