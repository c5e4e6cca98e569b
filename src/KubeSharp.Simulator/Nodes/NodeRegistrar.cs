using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeSharp.Client;
using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Simulator.Nodes;

/// <summary>
/// Registers simulated nodes as kubelet does (create the Node, post its status through the status
/// subresource where the create did not keep it, create its Lease) and deletes them again. A Node
/// that already exists is taken over: its labels, status and lease become the simulator's.
/// </summary>
internal sealed partial class NodeRegistrar
{
    private const int ConflictAttempts = 5;

    private readonly IKubernetes _client;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NodeRegistrar(IKubernetes client, SimulatorOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task RegisterAsync(SimulatedNode node, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        node.ReadySince = now;
        V1Node current;
        var takenOver = false;
        try
        {
            current = await _client.CoreV1.CreateNodeAsync(NodeObjects.Node(_options, node, now), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsConflict(error))
        {
            current = await _client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: cancellationToken);
            takenOver = true;
            LogTakenOver(node.Name);
        }

        node.Uid = current.Metadata.Uid;
        node.PodCidr = current.Spec?.PodCIDR;
        if (takenOver || !NodeObjects.IsReady(current))
        {
            // A real API server drops the status on create; a node taken over carries someone else's.
            await _client.CoreV1.PatchNodeStatusAsync(
                new V1Patch(NodeObjects.StatusPatch(_options, node, now), V1Patch.PatchType.MergePatch), node.Name, cancellationToken: cancellationToken);
        }

        await SetLabelsAndTaintsAsync(node, current, takenOver, cancellationToken);
        await EnsureLeaseAsync(node, now, cancellationToken);
    }

    /// <summary>Deletes a node's lease and the node; false if the node was not there.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoordinationV1.DeleteNamespacedLeaseAsync(name, SimulatorMetadata.LeaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
        }

        try
        {
            await _client.CoreV1.DeleteNodeAsync(name, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException error) when (ApiFailures.IsNotFound(error))
        {
            return false;
        }
    }

    /// <summary>
    /// Adds configured taints (and, for a node taken over, sets the
    /// simulator's labels), compare-and-swap on the resourceVersion read, re-reading on conflict.
    /// </summary>
    private async Task SetLabelsAndTaintsAsync(SimulatedNode node, V1Node current, bool takenOver, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var taints = NodeObjects.TaintsToSet(current.Spec?.Taints, _options.Taints);
            var labels = takenOver ? NodeObjects.Labels(_options, node) : null;
            if (taints is null && labels is null)
            {
                return;
            }

            try
            {
                await _client.CoreV1.PatchNodeAsync(
                    new V1Patch(NodeObjects.SpecPatch(current.Metadata.ResourceVersion, labels, taints), V1Patch.PatchType.MergePatch),
                    node.Name,
                    cancellationToken: cancellationToken);
                return;
            }
            catch (HttpOperationException error) when (ApiFailures.IsConflict(error) && attempt < ConflictAttempts)
            {
                current = await _client.CoreV1.ReadNodeAsync(node.Name, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task EnsureLeaseAsync(SimulatedNode node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                NodeObjects.Lease(node, _options.LeaseDuration, now), SimulatorMetadata.LeaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (ApiFailures.IsConflict(error))
        {
            await _client.CoordinationV1.PatchNamespacedLeaseAsync(
                new V1Patch(NodeObjects.TakeOverPatch(node, _options.LeaseDuration, now), V1Patch.PatchType.MergePatch),
                node.Name,
                SimulatorMetadata.LeaseNamespace,
                cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} already exists; taking it over")]
    private partial void LogTakenOver(string node);
}
