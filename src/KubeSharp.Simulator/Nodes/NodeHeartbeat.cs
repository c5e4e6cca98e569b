using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Simulator.Nodes;

/// <summary>
/// A kubelet's two heartbeats: the node's Lease renewed every heartbeat interval, and its
/// conditions re-posted every status interval. Each node's beats start at an offset by its index,
/// so thousands of nodes renew evenly over the interval rather than all at once, and keep that
/// phase. Each beat schedules the next; a stopped node's chain simply ends, and resuming starts a
/// new one.
/// </summary>
internal sealed partial class NodeHeartbeat
{
    private readonly IKubernetes _client;
    private readonly SimulatorOptions _options;
    private readonly DueQueue<WorkItem> _due;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NodeHeartbeat(IKubernetes client, SimulatorOptions options, DueQueue<WorkItem> due, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _due = due;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts a just registered node's beats, each within one interval of <paramref name="from"/>.</summary>
    public void Start(SimulatedNode node, DateTimeOffset from)
    {
        var share = (node.Index + 1) / (double)_options.Nodes;
        node.NextLeaseDue = from + (_options.HeartbeatInterval * share);
        node.NextStatusDue = from + (_options.StatusInterval * share);
        _due.Schedule(WorkItem.Lease(node.Name), node.NextLeaseDue);
        _due.Schedule(WorkItem.Status(node.Name), node.NextStatusDue);
    }

    /// <summary>Beats at once (a stopped node coming back), then on the usual intervals from now.</summary>
    public void Resume(SimulatedNode node, DateTimeOffset now)
    {
        node.ReadySince = now;
        node.NextLeaseDue = now;
        node.NextStatusDue = now;
        _due.Schedule(WorkItem.Lease(node.Name), now);
        _due.Schedule(WorkItem.Status(node.Name), now);
    }

    /// <summary>Drops a stopped node's pending beats.</summary>
    public void Stop(SimulatedNode node)
    {
        _due.Cancel(WorkItem.Lease(node.Name));
        _due.Cancel(WorkItem.Status(node.Name));
    }

    public async Task RenewLeaseAsync(SimulatedNode node, CancellationToken cancellationToken)
    {
        if (!node.IsAlive)
        {
            return;
        }

        var now = _time.GetUtcNow();
        try
        {
            await _client.CoordinationV1.PatchNamespacedLeaseAsync(
                new V1Patch(NodeObjects.RenewPatch(node, _options.LeaseDuration, now), V1Patch.PatchType.MergePatch),
                node.Name,
                SimulatorMetadata.LeaseNamespace,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            // Someone deleted the lease: kubelet makes it again.
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                NodeObjects.Lease(node, _options.LeaseDuration, now), SimulatorMetadata.LeaseNamespace, cancellationToken: cancellationToken);
        }

        node.NextLeaseDue = Next(node.NextLeaseDue, _options.HeartbeatInterval, now);
        _due.Schedule(WorkItem.Lease(node.Name), node.NextLeaseDue);
    }

    public async Task PostStatusAsync(SimulatedNode node, CancellationToken cancellationToken)
    {
        if (!node.IsAlive)
        {
            return;
        }

        var now = _time.GetUtcNow();
        try
        {
            await _client.CoreV1.PatchNodeStatusAsync(
                new V1Patch(NodeObjects.HeartbeatPatch(node, now), V1Patch.PatchType.MergePatch), node.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            MarkGone(node);
            return;
        }

        node.NextStatusDue = Next(node.NextStatusDue, _options.StatusInterval, now);
        _due.Schedule(WorkItem.Status(node.Name), node.NextStatusDue);
    }

    /// <summary>The Node was deleted by someone else; like kubelet, the simulator does not register it again.</summary>
    public void MarkGone(SimulatedNode node)
    {
        if (node.Gone)
        {
            return;
        }

        node.Gone = true;
        Stop(node);
        LogGone(node.Name);
    }

    /// <summary>The beat after <paramref name="previous"/>: one interval on, skipping beats missed while behind so the phase is kept.</summary>
    internal static DateTimeOffset Next(DateTimeOffset previous, TimeSpan interval, DateTimeOffset now)
    {
        var next = previous + interval;
        if (next > now)
        {
            return next;
        }

        var missed = (now - previous).Ticks / interval.Ticks;
        return previous + TimeSpan.FromTicks(interval.Ticks * (missed + 1));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} was deleted; its heartbeats stop (restart the simulator to register it again)")]
    private partial void LogGone(string node);
}
