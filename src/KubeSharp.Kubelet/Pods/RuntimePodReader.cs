using System.Globalization;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;

namespace KubeSharp.Kubelet.Pods;

/// <summary>Reads one pod's sandboxes and containers from the runtime, by the pod-uid label.</summary>
internal sealed class RuntimePodReader(CriClient cri)
{
    public async Task<RuntimePod> ReadAsync(string podUid, CancellationToken cancellationToken)
    {
        var sandboxRequest = new ListPodSandboxRequest { Filter = new PodSandboxFilter() };
        sandboxRequest.Filter.LabelSelector.Add(RuntimeLabels.PodUid, podUid);
        var containerRequest = new ListContainersRequest { Filter = new ContainerFilter() };
        containerRequest.Filter.LabelSelector.Add(RuntimeLabels.PodUid, podUid);
        var sandboxesCall = cri.Runtime.ListPodSandboxAsync(sandboxRequest, cancellationToken: cancellationToken).ResponseAsync;
        var containersCall = cri.Runtime.ListContainersAsync(containerRequest, cancellationToken: cancellationToken).ResponseAsync;
        var listed = await sandboxesCall;
        var containers = await containersCall;

        var sandboxes = new List<RuntimeSandbox>();
        foreach (var item in listed.Items.OrderByDescending(s => s.CreatedAt))
        {
            string? ip = null;
            var ips = new List<string>();
            if (item.State == PodSandboxState.SandboxReady)
            {
                var status = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = item.Id }, cancellationToken: cancellationToken);
                var network = status.Status?.Network;
                if (network is not null && network.Ip.Length > 0)
                {
                    ip = network.Ip;
                    ips.Add(network.Ip);
                    ips.AddRange(network.AdditionalIps.Select(a => a.Ip));
                }
            }

            sandboxes.Add(new RuntimeSandbox(item.Id, item.Metadata?.Attempt ?? 0, item.State, FromNanos(item.CreatedAt), ip, ips));
        }

        var result = new List<RuntimeContainer>(containers.Containers.Count);
        foreach (var container in containers.Containers)
        {
            ContainerStatus status;
            try
            {
                status = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = container.Id }, cancellationToken: cancellationToken)).Status;
            }
            catch (Grpc.Core.RpcException error) when (error.StatusCode == Grpc.Core.StatusCode.NotFound)
            {
                continue; // removed between the list and the status call
            }

            result.Add(FromStatus(status, container.PodSandboxId));
        }

        return new RuntimePod(sandboxes, result);
    }

    internal static RuntimeContainer FromStatus(ContainerStatus status, string sandboxId)
    {
        status.Labels.TryGetValue(RuntimeLabels.ContainerName, out var name);
        status.Annotations.TryGetValue(RuntimeLabels.ContainerHash, out var hash);
        status.Annotations.TryGetValue(RuntimeLabels.RestartCount, out var restarts);
        status.Annotations.TryGetValue(RuntimeLabels.TerminationLogHostPath, out var terminationLog);
        return new RuntimeContainer(
            status.Id,
            name ?? status.Metadata?.Name ?? string.Empty,
            sandboxId,
            status.Metadata?.Attempt ?? 0,
            status.State,
            FromNanos(status.CreatedAt),
            status.StartedAt > 0 ? FromNanos(status.StartedAt) : null,
            status.FinishedAt > 0 ? FromNanos(status.FinishedAt) : null,
            status.ExitCode,
            status.Reason,
            status.Message,
            status.Image?.Image ?? string.Empty,
            status.ImageRef,
            hash ?? string.Empty,
            int.TryParse(restarts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0,
            terminationLog,
            status.LogPath);
    }

    internal static DateTimeOffset FromNanos(long nanos) => DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
}
