using Grpc.Core;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Logs;

/// <summary>
/// Upstream's container log manager: every period, each running container's log file that has
/// grown past the size limit is renamed aside and the runtime told to reopen it (CRI
/// ReopenContainerLog), and the oldest rotated files beyond the file limit are removed.
/// </summary>
internal sealed partial class ContainerLogRotation(IPodStreamingSource source, ContainerLogRotationOptions options, TimeProvider time, ILogger logger)
{
    // Simple matching: the default (Win32) matching lets "0.log.*" match the live "0.log" too.
    private static readonly EnumerationOptions RotatedFiles = new() { MatchType = MatchType.Simple };

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var pod in source.Pods())
            {
                try
                {
                    var runtime = await source.ReadRuntimeAsync(pod.Metadata.Uid, cancellationToken);
                    foreach (var container in runtime.Containers.Where(c => c.Running && c.LogPath.Length > 0))
                    {
                        await RotateAsync(container, cancellationToken);
                    }
                }
                catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
                {
                    LogRuntimeFailed(logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, error.Status.Detail);
                }
            }
        }
    }

    private async Task RotateAsync(RuntimeContainer container, CancellationToken cancellationToken)
    {
        var path = container.LogPath;
        string target;
        try
        {
            var live = new FileInfo(path);
            if (!live.Exists)
            {
                return;
            }

            var plan = LogRotationPlan.For(
                path, live.Length, Directory.EnumerateFiles(live.DirectoryName!, live.Name + ".*", RotatedFiles), time.GetUtcNow(), options);

            // No plan, or rotated twice within a second (the next round does it).
            if (plan.RotateTo is null || File.Exists(plan.RotateTo))
            {
                return;
            }

            foreach (var old in plan.Remove)
            {
                File.Delete(old);
            }

            File.Move(path, plan.RotateTo);
            target = plan.RotateTo;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            LogRotateFailed(logger, path, error.Message);
            return;
        }

        try
        {
            await source.Cri.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = container.Id }, cancellationToken: cancellationToken);
            LogRotated(logger, path, target);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            // The runtime still writes to the renamed file: give it its name back so the next round tries again.
            LogReopenFailed(logger, container.Id, error.Status.Detail);
            try
            {
                File.Move(target, path);
            }
            catch (IOException moveError)
            {
                LogRotateFailed(logger, target, moveError.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "rotated container log {Path} to {Target}")]
    private static partial void LogRotated(ILogger logger, string path, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotating container log {Path} failed: {Reason}")]
    private static partial void LogRotateFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the runtime did not reopen the log of container {ContainerId}: {Reason}")]
    private static partial void LogReopenFailed(ILogger logger, string containerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reading the containers of pod {Namespace}/{Name} for log rotation failed: {Reason}")]
    private static partial void LogRuntimeFailed(ILogger logger, string @namespace, string name, string reason);
}
