using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Logs;
using KubeSharp.Kubelet.Pods;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// The kubelet's <c>/containerLogs/{namespace}/{pod}/{container}</c> (upstream's getContainerLogs and
/// GetKubeletContainerLogs): the CRI log file of the container the pod's status shows (or, with
/// previous, the one before it) as <c>text/plain</c>, with upstream's query parameters and errors.
/// </summary>
internal sealed partial class ContainerLogsHandler(IPodStreamingSource source, TimeProvider time, ILogger logger)
{
    private readonly ContainerLogReader _reader = new(time, logger);

    public async Task HandleAsync(HttpContext context, V1Pod pod, string container, CancellationToken cancellationToken)
    {
        if (!ContainerLogOptions.TryParse(context.Request.Query, time.GetUtcNow(), out var options, out var refused))
        {
            var code = refused == ContainerLogOptions.DecodeError ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
            await KubeletStatus.WriteAsync(context, code, refused, cancellationToken);
            return;
        }

        var uid = pod.Metadata.Uid;
        var runtime = await source.ReadRuntimeAsync(uid, cancellationToken);
        if (!TrySelect(pod, runtime, container, options.Previous, out var target, out var unavailable))
        {
            await KubeletStatus.WriteAsync(context, StatusCodes.Status400BadRequest, unavailable, cancellationToken);
            return;
        }

        SafeFileHandle file;
        try
        {
            file = ContainerLogReader.Open(target.LogPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await KubeletStatus.WriteAsync(context, StatusCodes.Status400BadRequest, $"failed to open log file \"{target.LogPath}\": {error.Message}", cancellationToken);
            return;
        }

        using (file)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(cancellationToken);
            LogStreaming(logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, container, target.Id, options.Follow);
            try
            {
                await _reader.CopyAsync(
                    file, target.LogPath, options, ct => IsRunningAsync(uid, target.Id, ct), context.Response.BodyWriter, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The reader went away (or the kubelet stops): nothing more to send.
            }
        }
    }

    /// <summary>
    /// The container whose log is asked for, as upstream's validateContainerLogStatus picks it: the
    /// latest one once it has started; otherwise (and with previous) the last terminated one, which the
    /// status' lastState names; else upstream's error.
    /// </summary>
    internal static bool TrySelect(
        V1Pod pod, RuntimePod runtime, string container, bool previous, [NotNullWhen(true)] out RuntimeContainer? target, [NotNullWhen(false)] out string? error)
    {
        error = null;
        var status = (pod.Status?.ContainerStatuses ?? [])
            .Concat(pod.Status?.InitContainerStatuses ?? [])
            .Concat(pod.Status?.EphemeralContainerStatuses ?? [])
            .FirstOrDefault(s => s.Name == container);
        var lastId = RuntimeId(status?.LastState?.Terminated?.ContainerID);
        var last = runtime.Containers.FirstOrDefault(c => lastId is not null && c.Id == lastId)
            ?? (runtime.Previous(container) is { Exited: true } before ? before : null);
        if (previous)
        {
            target = last;
            if (target is null)
            {
                error = $"previous terminated container \"{container}\" in pod \"{pod.Metadata.Name}\" not found";
                return false;
            }

            return true;
        }

        var latest = runtime.Latest(container);
        target = latest is not null && latest.State != ContainerState.ContainerCreated ? latest : last;
        if (target is null)
        {
            error = $"container \"{container}\" in pod \"{pod.Metadata.Name}\" is waiting to start: {WaitingText(status?.State?.Waiting?.Reason)}";
            return false;
        }

        return true;
    }

    private static string WaitingText(string? reason) => reason switch
    {
        null or "" => "ContainerCreating",
        "ErrImagePull" => "image can't be pulled",
        "ImagePullBackOff" => "trying and failing to pull image",
        _ => reason,
    };

    // "containerd://abc" → "abc".
    private static string? RuntimeId(string? containerId) =>
        string.IsNullOrEmpty(containerId) ? null
        : containerId.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? containerId[(scheme + 3)..]
        : containerId;

    private async Task<bool> IsRunningAsync(string uid, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var runtime = await source.ReadRuntimeAsync(uid, cancellationToken);
            return runtime.Containers.Any(c => c.Id == containerId && c.Running);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            // The runtime is briefly away (e.g. restarting): keep following and ask again.
            LogStateUnknown(logger, containerId, error.Status.Detail);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "streaming the log of {Namespace}/{Pod} container {Container} ({ContainerId}), follow={Follow}")]
    private static partial void LogStreaming(ILogger logger, string @namespace, string pod, string container, string containerId, bool follow);

    [LoggerMessage(Level = LogLevel.Debug, Message = "could not read the state of container {ContainerId} while following its log: {Reason}")]
    private static partial void LogStateUnknown(ILogger logger, string containerId, string reason);
}
