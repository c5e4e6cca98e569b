using System.Text.Json;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Runtime;

namespace KubeSharp.Scheduler.Plugins.DefaultPreemption;

/// <summary>
/// Preemption: when no node fits, finds a node where evicting lower-priority pods makes room,
/// evicts them and nominates the node for the pod. PodDisruptionBudgets are not considered.
/// </summary>
public sealed class DefaultPreemption : IPostFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "DefaultPreemption";

    // Preemption rejects no pod at Filter; should it be recorded as the reason a pod waits, the
    // victims going away is what can help.
    private static readonly ClusterEvent[] Events = [new(EventResource.Pod, ActionType.Delete)];

    private readonly IFrameworkHandle _handle;
    private readonly PreemptionEvaluator _evaluator;
    private readonly PreemptionExecutor _executor;

    private DefaultPreemption(DefaultPreemptionArgs args, IFrameworkHandle handle)
    {
        _handle = handle;
        _evaluator = new PreemptionEvaluator(handle, args);
        _executor = new PreemptionExecutor(handle);
    }

    public string Name => PluginName;

    /// <exception cref="ArgumentException">The args are invalid.</exception>
    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new DefaultPreemption(DefaultPreemptionArgs.Parse(args), handle);

    public IReadOnlyList<ClusterEvent> EventsToRegister() => Events;

    public async Task<(PostFilterResult? Result, Status Status)> PostFilterAsync(CycleState state, PodInfo pod, NodeToStatus filteredNodeStatus, CancellationToken cancellationToken)
    {
        var (result, status) = await PreemptAsync(state, pod, filteredNodeStatus, cancellationToken);
        var message = status.Message;
        return message.Length > 0 ? (result, new Status(status.Code, [$"preemption: {message}"])) : (result, status);
    }

    /// <summary>
    /// Evaluator.Preempt: Success with the nominated node; Unschedulable (with an empty nomination,
    /// which clears an old one) when no node can be freed; Error when the API calls fail.
    /// </summary>
    private async Task<(PostFilterResult? Result, Status Status)> PreemptAsync(CycleState state, PodInfo pod, NodeToStatus filteredNodeStatus, CancellationToken cancellationToken)
    {
        var nominated = pod.Pod.Status?.NominatedNodeName ?? string.Empty;
        var (eligible, reason) = _evaluator.PodEligibleToPreemptOthers(pod, filteredNodeStatus.Get(nominated));
        if (!eligible)
        {
            return (null, Status.Unschedulable(reason));
        }

        var allNodes = _handle.Snapshot.NodeInfos;
        if (allNodes.Count == 0)
        {
            return (null, Status.Error("no nodes available"));
        }

        var potentialNodes = PreemptionEvaluator.PotentialNodes(allNodes, filteredNodeStatus);
        var candidates = new List<Candidate>();
        var statuses = new NodeToStatus();
        if (potentialNodes.Count > 0)
        {
            (candidates, statuses) = _evaluator.DryRunPreemption(
                state, pod, potentialNodes, Random.Shared.Next(potentialNodes.Count), _evaluator.CalculateNumCandidates(potentialNodes.Count));
        }

        if (candidates.Count == 0)
        {
            var errors = statuses.Statuses.Values.Where(status => status.Code == Code.Error).Select(status => status.Message).ToList();
            if (errors.Count > 0)
            {
                return (null, Status.Error(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]"));
            }

            return (new PostFilterResult(string.Empty), Status.Unschedulable(NoCandidateMessage(allNodes.Count, statuses)));
        }

        var best = PreemptionEvaluator.PickOneNodeForPreemption(candidates, _handle.Time.GetUtcNow().UtcDateTime)!;
        var prepared = await _executor.PrepareCandidateAsync(best, pod, cancellationToken);
        if (!prepared.IsSuccess)
        {
            return (null, prepared);
        }

        return (new PostFilterResult(best.NodeName), Status.Success);
    }

    /// <summary>"0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."</summary>
    internal static string NoCandidateMessage(int numAllNodes, NodeToStatus statuses)
    {
        var diagnosis = new Diagnosis();
        foreach (var (name, status) in statuses.Statuses)
        {
            diagnosis.NodeToStatus.Statuses[name] = status;
        }

        // Nodes not dry-run: their filter status said preemption cannot help, or none was needed.
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable(PreemptionEvaluator.NotHelpfulReason);
        return new FitError(numAllNodes, diagnosis).Message;
    }
}
