using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// Kubelet's side of the Node object: registers the Node, then keeps two heartbeats as upstream
/// does — the Lease in kube-node-lease renewed every quarter of its duration, and the status
/// (capacity, allocatable, conditions, addresses, nodeInfo, images) posted every status interval
/// and whenever <see cref="Trigger"/> says something changed (e.g. runtime readiness). Use:
/// <see cref="RegisterAsync"/>, start <see cref="RunAsync"/>, then <see cref="WaitForPodCidrAsync"/>
/// before setting up the pod network.
/// </summary>
internal sealed partial class NodeStatusManager
{
    // Upstream's registration backoff: 100 ms doubling to 7 s.
    private static readonly TimeSpan RegisterFirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RegisterMaxDelay = TimeSpan.FromSeconds(7);

    // Upstream's lease controller backoff after a failed renewal: 200 ms doubling to 7 s.
    private static readonly TimeSpan LeaseFirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LeaseMaxRetry = TimeSpan.FromSeconds(7);

    private static readonly TimeSpan PodCidrPollInterval = TimeSpan.FromSeconds(1);

    private readonly IKubernetes _client;
    private readonly NodeStatusOptions _options;
    private readonly Func<CancellationToken, Task<NodeRuntimeState>> _runtimeState;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _leaseRenewInterval;

    // One pending trigger is enough: a status update reads everything afresh.
    private readonly Channel<bool> _trigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private volatile V1Node? _current;

    // Status updates run one at a time (registration, then the status loop), so this needs no lock.
    private NodeRuntimeState? _lastRuntimeState;

    /// <exception cref="ArgumentException">The node IP or a reservation flag is malformed.</exception>
    public NodeStatusManager(
        IKubernetes client,
        NodeStatusOptions options,
        Func<CancellationToken, Task<NodeRuntimeState>> runtimeState,
        TimeProvider time,
        ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.NodeIp) && !IPAddress.TryParse(options.NodeIp, out _))
        {
            throw new ArgumentException($"node IP \"{options.NodeIp}\" is not an IP address", nameof(options));
        }

        _client = client;
        _options = options;
        _runtimeState = runtimeState;
        _time = time;
        _logger = logger;
        _leaseRenewInterval = options.LeaseDuration / 4;
        Resources = NodeResources.Read(options.RootDir, options.KubeReserved, options.SystemReserved);
    }

    /// <summary>The node's capacity and allocatable, read from the machine at start.</summary>
    public NodeResources Resources { get; }

    /// <summary>The Node as last seen (after registration, each status update, each podCIDR poll); null before registration.</summary>
    public V1Node? Current => _current;

    /// <summary>Asks for a status update now rather than at the next interval (cheap; repeated calls coalesce).</summary>
    public void Trigger() => _trigger.Writer.TryWrite(true);

    /// <summary>
    /// Creates the Node, or, when it exists already, puts back the labels kubelet owns and keeps its
    /// spec; then posts a first status. Retries any failure with backoff until it succeeds or is cancelled.
    /// </summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var delay = RegisterFirstDelay;
        while (true)
        {
            try
            {
                _current = await TryRegisterAsync(cancellationToken);
                break;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogRegisterFailed(_options.NodeName, delay.TotalSeconds, ApiFailures.Describe(error));
            }

            await Task.Delay(delay, _time, cancellationToken);
            delay = delay * 2 < RegisterMaxDelay ? delay * 2 : RegisterMaxDelay;
        }

        LogRegistered(_options.NodeName, _current?.Metadata?.Uid);
        await TryPostStatusAsync(cancellationToken);
    }

    /// <summary>
    /// Renews the lease and posts the status until cancelled (then returns normally); registers
    /// first if <see cref="RegisterAsync"/> has not been called. Call it once.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_current is null)
            {
                await RegisterAsync(cancellationToken);
            }

            await Task.WhenAll(LeaseLoopAsync(cancellationToken), StatusLoopAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the lease simply expires unless the next run renews it.
        }
    }

    /// <summary>Waits until node IPAM has set spec.podCIDR on the Node (polling it), and returns it.</summary>
    public async Task<string> WaitForPodCidrAsync(CancellationToken cancellationToken)
    {
        var logged = false;
        while (true)
        {
            if (_current?.Spec?.PodCIDR is { Length: > 0 } known)
            {
                return known;
            }

            if (!logged)
            {
                LogWaitingForPodCidr(_options.NodeName);
                logged = true;
            }

            try
            {
                var node = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: cancellationToken);
                _current = node;
                if (node.Spec?.PodCIDR is { Length: > 0 } read)
                {
                    return read;
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogReadFailed(_options.NodeName, ApiFailures.Describe(error));
            }

            await Task.Delay(PodCidrPollInterval, _time, cancellationToken);
        }
    }

    private async Task<V1Node> TryRegisterAsync(CancellationToken cancellationToken)
    {
        V1Node existing;
        try
        {
            return await _client.CoreV1.CreateNodeAsync(NodeManifest.Node(_options), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsConflict(error))
        {
            existing = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: cancellationToken);
        }

        LogAlreadyRegistered(_options.NodeName);
        if (NodeManifest.ChangedLabels(existing.Metadata?.Labels, NodeManifest.Labels(_options)) is not { } labels)
        {
            return existing;
        }

        return await _client.CoreV1.PatchNodeAsync(
            new V1Patch(NodeManifest.LabelPatch(labels), V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: cancellationToken);
    }

    private async Task LeaseLoopAsync(CancellationToken cancellationToken)
    {
        var ensured = false;
        var retry = LeaseFirstRetry;
        while (true)
        {
            TimeSpan wait;
            try
            {
                if (ensured)
                {
                    await RenewLeaseAsync(cancellationToken);
                }
                else
                {
                    await EnsureLeaseAsync(cancellationToken);
                    ensured = true;
                }

                retry = LeaseFirstRetry;
                wait = _leaseRenewInterval;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                LogLeaseFailed(_options.NodeName, retry.TotalSeconds, ApiFailures.Describe(error));
                wait = retry;
                retry = retry * 2 < LeaseMaxRetry ? retry * 2 : LeaseMaxRetry;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>The first beat: creates the lease, or takes over one left from before (making this Node its owner).</summary>
    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var uid = _current?.Metadata?.Uid;
        try
        {
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                NodeLeases.Lease(_options.NodeName, uid, _options.LeaseDuration, now), NodeLeases.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsConflict(error))
        {
            await _client.CoordinationV1.PatchNamespacedLeaseAsync(
                new V1Patch(NodeLeases.TakeOverPatch(_options.NodeName, uid, _options.LeaseDuration, now), V1Patch.PatchType.MergePatch),
                _options.NodeName,
                NodeLeases.Namespace,
                cancellationToken: cancellationToken);
        }
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            await _client.CoordinationV1.PatchNamespacedLeaseAsync(
                new V1Patch(NodeLeases.RenewPatch(_options.NodeName, _options.LeaseDuration, now), V1Patch.PatchType.MergePatch),
                _options.NodeName,
                NodeLeases.Namespace,
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            // Someone deleted the lease: make it again.
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                NodeLeases.Lease(_options.NodeName, _current?.Metadata?.Uid, _options.LeaseDuration, now), NodeLeases.Namespace, cancellationToken: cancellationToken);
        }
    }

    private async Task StatusLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await TryPostStatusAsync(cancellationToken);
            await WaitForStatusDueAsync(cancellationToken);
        }
    }

    /// <summary>Returns after the status interval, or sooner when triggered.</summary>
    private async Task WaitForStatusDueAsync(CancellationToken cancellationToken)
    {
        using var interval = new CancellationTokenSource(_options.UpdateFrequency, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
        try
        {
            await _trigger.Reader.WaitToReadAsync(either.Token);
            _trigger.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval is up.
        }
    }

    /// <summary>Posts the status; a failure is logged and the next update tries again (the lease keeps the node alive meanwhile).</summary>
    private async Task TryPostStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PostStatusAsync(cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogStatusFailed(_options.NodeName, ApiFailures.Describe(error));
        }
    }

    private async Task PostStatusAsync(CancellationToken cancellationToken)
    {
        var state = await ReadRuntimeStateAsync(cancellationToken);
        var previous = _current;
        var conditions = NodeConditions.Update(previous?.Status?.Conditions, NodeConditions.NotReadyMessage(state), _time.GetUtcNow());
        var status = NodeStatusBuilder.Build(
            Resources,
            NodeAddresses.For(_options.NodeName, NodeAddresses.InternalIp(_options.NodeIp)),
            NodeInfoReader.Read(state.Version),
            conditions,
            state.Images,
            _options.KubeletPort);
        var updated = await _client.CoreV1.PatchNodeStatusAsync(
            new V1Patch(NodeStatusBuilder.StatusPatch(status), V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: cancellationToken);
        _current = updated;

        var ready = conditions.First(c => c.Type == NodeConditions.Ready);
        if (ready.Status != NodeConditions.ReadyStatus(previous))
        {
            LogReadiness(_options.NodeName, ready.Status == "True" ? "Ready" : "NotReady", ready.Message);
        }
    }

    /// <summary>The runtime's state; when it cannot be had, NotReady with why, and the last known version and images.</summary>
    private async Task<NodeRuntimeState> ReadRuntimeStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var state = await _runtimeState(cancellationToken);
            _lastRuntimeState = state;
            return state;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeRuntimeState
            {
                Version = _lastRuntimeState?.Version ?? new VersionResponse(),
                RuntimeReady = false,
                NetworkReady = false,
                Message = "container runtime is down: " + error.Message,
                Images = _lastRuntimeState?.Images ?? [],
            };
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} registered (uid {Uid})")]
    private partial void LogRegistered(string node, string? uid);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} was registered before; reconciling its labels")]
    private partial void LogAlreadyRegistered(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registering node {Node} failed, retrying in {Seconds} s: {Reason}")]
    private partial void LogRegisterFailed(string node, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "renewing the lease of node {Node} failed, retrying in {Seconds} s: {Reason}")]
    private partial void LogLeaseFailed(string node, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "updating the status of node {Node} failed: {Reason}")]
    private partial void LogStatusFailed(string node, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} is {Readiness}: {Message}")]
    private partial void LogReadiness(string node, string readiness, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "waiting for node IPAM to set spec.podCIDR on node {Node}")]
    private partial void LogWaitingForPodCidr(string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reading node {Node} failed: {Reason}")]
    private partial void LogReadFailed(string node, string reason);
}
