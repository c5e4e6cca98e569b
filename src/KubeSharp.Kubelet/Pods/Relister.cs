using Grpc.Core;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// Upstream's PLEG: lists this node's sandboxes and containers every period and wakes the worker of
/// any pod whose containers changed state (containerd 1.6 has no CRI event stream), so exits are
/// noticed within a second.
/// </summary>
internal sealed partial class Relister(CriClient cri, string nodeName, Action<string> changed, TimeProvider time, ILogger logger)
{
    private Dictionary<string, (string Uid, int State)> _last = new(StringComparer.Ordinal);

    public async Task RunAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                Relist(await ListAsync(cancellationToken));
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, error.Status.Detail);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<Dictionary<string, (string Uid, int State)>> ListAsync(CancellationToken cancellationToken)
    {
        var sandboxes = new ListPodSandboxRequest { Filter = new PodSandboxFilter() };
        sandboxes.Filter.LabelSelector.Add(RuntimeLabels.ManagedBy, nodeName);
        var containers = new ListContainersRequest { Filter = new ContainerFilter() };
        containers.Filter.LabelSelector.Add(RuntimeLabels.ManagedBy, nodeName);
        var current = new Dictionary<string, (string Uid, int State)>(StringComparer.Ordinal);
        foreach (var sandbox in (await cri.Runtime.ListPodSandboxAsync(sandboxes, cancellationToken: cancellationToken)).Items)
        {
            current["s/" + sandbox.Id] = (sandbox.Labels.GetValueOrDefault(RuntimeLabels.PodUid) ?? string.Empty, (int)sandbox.State);
        }

        foreach (var container in (await cri.Runtime.ListContainersAsync(containers, cancellationToken: cancellationToken)).Containers)
        {
            current["c/" + container.Id] = (container.Labels.GetValueOrDefault(RuntimeLabels.PodUid) ?? string.Empty, (int)container.State);
        }

        return current;
    }

    private void Relist(Dictionary<string, (string Uid, int State)> current)
    {
        var woken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, entry) in current)
        {
            if ((!_last.TryGetValue(id, out var old) || old.State != entry.State) && woken.Add(entry.Uid))
            {
                changed(entry.Uid);
            }
        }

        foreach (var (id, entry) in _last)
        {
            if (!current.ContainsKey(id) && woken.Add(entry.Uid))
            {
                changed(entry.Uid);
            }
        }

        _last = current;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "relisting the runtime failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
