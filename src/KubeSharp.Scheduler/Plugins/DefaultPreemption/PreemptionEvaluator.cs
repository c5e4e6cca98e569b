using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// The decisions of preemption, without API calls (preemption.Evaluator and DefaultPreemption's
/// Interface methods upstream): whether the pod may preempt, which nodes to try, which pods to
/// evict on each, and which node to pick. PodDisruptionBudgets are not considered: every
/// candidate counts as violating none, so victims are reprieved by importance alone.
/// </summary>
internal sealed class PreemptionEvaluator(IFrameworkHandle handle, DefaultPreemptionArgs args)
{
    public const string NoVictimsReason = "No preemption victims found for incoming pod";
    public const string NotHelpfulReason = "Preemption is not helpful for scheduling";

    /// <summary>
    /// Not when the pod's policy is Never, nor while lower-priority pods it preempted on its
    /// nominated node are still terminating (unless that node is out for good anyway).
    /// </summary>
    public (bool Eligible, string Message) PodEligibleToPreemptOthers(PodInfo pod, Status nominatedNodeStatus)
    {
        if (pod.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return (false, "not eligible due to preemptionPolicy=Never.");
        }

        if (pod.Pod.Status?.NominatedNodeName is { Length: > 0 } nominated)
        {
            if (nominatedNodeStatus.Code == Code.UnschedulableAndUnresolvable)
            {
                return (true, string.Empty);
            }

            if (handle.Snapshot.Get(nominated) is { } nodeInfo
                && nodeInfo.Pods.Any(other => other.Priority < pod.Priority && TerminatingByPreemption(other)))
            {
                return (false, "not eligible due to a terminating pod on the nominated node.");
            }
        }

        return (true, string.Empty);
    }

    /// <summary>How many candidates to find before choosing: the larger of the percentage and the absolute minimum, at most all.</summary>
    public int CalculateNumCandidates(int numNodes)
    {
        var count = (int)((long)numNodes * args.MinCandidateNodesPercentage / 100);
        count = Math.Max(count, args.MinCandidateNodesAbsolute);
        return Math.Min(count, numNodes);
    }

    /// <summary>Nodes a filter rejected as Unschedulable: removing pods may make the pod fit there (not where it is Unresolvable).</summary>
    public static List<NodeInfo> PotentialNodes(IReadOnlyList<NodeInfo> nodes, NodeToStatus statuses) =>
        [.. nodes.Where(node => statuses.Get(node.Name).Code == Code.Unschedulable)];

    /// <summary>
    /// Selects victims on the potential nodes, from the offset on and wrapping around, on copies of
    /// each node and of the cycle state, until enough candidates are found. Nodes that yield none
    /// get the status saying why.
    /// </summary>
    public (List<Candidate> Candidates, NodeToStatus Statuses) DryRunPreemption(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> potentialNodes, int offset, int numCandidates)
    {
        var found = new Candidate?[potentialNodes.Count];
        var statuses = new NodeToStatus();
        var foundCount = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, handle.Parallelism) };
        Parallel.For(0, potentialNodes.Count, options, (i, loop) =>
        {
            var nodeInfo = potentialNodes[(offset + i) % potentialNodes.Count].Clone();
            var (victims, status) = SelectVictimsOnNode(state.Clone(), pod, nodeInfo);
            if (status.IsSuccess && victims.Count > 0)
            {
                found[i] = new Candidate(nodeInfo.Name, victims);
                if (Interlocked.Increment(ref foundCount) >= numCandidates)
                {
                    loop.Stop();
                }

                return;
            }

            if (status.IsSuccess)
            {
                status = Status.Error($"expected at least one victim pod on node \"{nodeInfo.Name}\"");
            }

            lock (statuses)
            {
                statuses.Statuses[nodeInfo.Name] = status;
            }
        });

        // In the order tried, so ties between candidates go the same way however the loop ran.
        return ([.. found.OfType<Candidate>().Take(Math.Max(1, numCandidates))], statuses);
    }

    /// <summary>
    /// The fewest pods to evict from the node for the pod to fit: remove every lower-priority pod,
    /// check the pod fits, then add them back most important first, keeping each that still fits.
    /// The node and state must be copies: they are changed.
    /// </summary>
    public (List<PodInfo> Victims, Status Status) SelectVictimsOnNode(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var potentialVictims = new List<PodInfo>();
        foreach (var other in nodeInfo.Pods.ToList())
        {
            if (other.Priority >= pod.Priority)
            {
                continue;
            }

            potentialVictims.Add(other);
            if (Remove(state, pod, other, nodeInfo) is { IsSuccess: false } removed)
            {
                return ([], removed);
            }
        }

        if (potentialVictims.Count == 0)
        {
            return ([], Status.Unresolvable(NoVictimsReason));
        }

        // If the pod does not fit even without them, the node is no candidate. (Affinity of the
        // pod to a lower-priority pod is not tried, as upstream: it is not a recommended setup.)
        var fits = handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (!fits.IsSuccess)
        {
            return ([], fits);
        }

        var now = handle.Time.GetUtcNow().UtcDateTime;
        var victims = new List<PodInfo>();
        foreach (var candidate in potentialVictims.OrderByDescending(other => other.Priority).ThenBy(other => StartTime(other, now)))
        {
            nodeInfo.AddPod(candidate);
            var added = handle.RunPreFilterExtensionAddPod(state, pod, candidate, nodeInfo);
            if (!added.IsSuccess)
            {
                return ([], Status.Error(added.Message));
            }

            if (!handle.RunFilterPluginsWithNominatedPods(state, pod, nodeInfo).IsSuccess)
            {
                if (Remove(state, pod, candidate, nodeInfo) is { IsSuccess: false } removed)
                {
                    return ([], removed);
                }

                victims.Add(candidate);
            }
        }

        return (victims, Status.Success);
    }

    /// <summary>
    /// pickOneNodeForPreemption: the node whose most important victim has the lowest priority, then
    /// the lowest sum of victim priorities, the fewest victims, the latest start among the most
    /// important victims, and finally the first.
    /// </summary>
    public static Candidate? PickOneNodeForPreemption(IReadOnlyList<Candidate> candidates, DateTime now)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        Func<Candidate, long>[] scores =
        [
            candidate => -(long)candidate.Victims[0].Priority,

            // Shifted to be positive, so several negative priorities do not beat fewer of them.
            candidate => -candidate.Victims.Sum(victim => (long)victim.Priority + int.MaxValue + 1L),
            candidate => -(long)candidate.Victims.Count,
            candidate => EarliestStartOfMostImportant(candidate.Victims, now).Ticks,
        ];

        var remaining = candidates.ToList();
        foreach (var score in scores)
        {
            var best = long.MinValue;
            var selected = new List<Candidate>();
            foreach (var candidate in remaining)
            {
                var value = score(candidate);
                if (value > best)
                {
                    best = value;
                    selected.Clear();
                }

                if (value == best)
                {
                    selected.Add(candidate);
                }
            }

            if (selected.Count == 1)
            {
                return selected[0];
            }

            remaining = selected;
        }

        return remaining[0];
    }

    /// <summary>podTerminatingByPreemption: being deleted, with the DisruptionTarget condition preemption sets.</summary>
    private static bool TerminatingByPreemption(PodInfo pod)
    {
        if (pod.Pod.Metadata.DeletionTimestamp is null)
        {
            return false;
        }

        var condition = pod.Pod.Status?.Conditions?.FirstOrDefault(existing => existing.Type == PreemptionExecutor.DisruptionTarget);
        return condition is not null && condition.Status == "True" && condition.Reason == PreemptionExecutor.PreemptionByScheduler;
    }

    /// <summary>When the pod started; one not started yet counts as starting now.</summary>
    private static DateTime StartTime(PodInfo pod, DateTime now) => pod.Pod.Status?.StartTime ?? now;

    private static DateTime EarliestStartOfMostImportant(IReadOnlyList<PodInfo> victims, DateTime now)
    {
        var maxPriority = victims[0].Priority;
        var earliest = StartTime(victims[0], now);
        foreach (var victim in victims)
        {
            var start = StartTime(victim, now);
            if (victim.Priority == maxPriority && start < earliest)
            {
                earliest = start;
            }
            else if (victim.Priority > maxPriority)
            {
                maxPriority = victim.Priority;
                earliest = start;
            }
        }

        return earliest;
    }

    private Status Remove(CycleState state, PodInfo pod, PodInfo victim, NodeInfo nodeInfo)
    {
        if (!nodeInfo.RemovePod(victim))
        {
            return Status.Error($"pod {victim.Key} is not on node \"{nodeInfo.Name}\"");
        }

        var removed = handle.RunPreFilterExtensionRemovePod(state, pod, victim, nodeInfo);
        return removed.IsSuccess ? Status.Success : Status.Error(removed.Message);
    }
}
