using System.Globalization;
using Grpc.Core;
using k8s.Models;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// Stops containers the upstream way: the preStop hook first, then SIGTERM with what is left of the
/// grace period (at least 2 s), then SIGKILL (CRI's StopContainer timeout); and runs lifecycle hooks.
/// </summary>
internal sealed partial class ContainerKiller(CriClient cri, PodEvents events, TimeProvider time, ILogger logger)
{
    private const long MinimumGraceSeconds = 2;

    private static readonly HttpClient HookClient = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    /// <summary>Stops every running container of the pod (in parallel), then its sandboxes.</summary>
    public async Task KillPodAsync(V1Pod pod, RuntimePod runtime, long? gracePeriodOverride, CancellationToken cancellationToken)
    {
        var ip = runtime.Sandbox?.Ip;
        var specs = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        await Task.WhenAll(runtime.Containers
            .Where(c => c.Running || c.State == ContainerState.ContainerCreated)
            .Select(c => KillContainerAsync(pod, specs.GetValueOrDefault(c.Name), c, ip, gracePeriodOverride, cancellationToken)));
        foreach (var sandbox in runtime.Sandboxes.Where(s => s.State == PodSandboxState.SandboxReady))
        {
            try
            {
                await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // already gone
            }
        }
    }

    public async Task KillContainerAsync(V1Pod pod, V1Container? spec, RuntimeContainer container, string? podIp, long? gracePeriodOverride, CancellationToken cancellationToken)
    {
        var grace = gracePeriodOverride ?? pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30;
        if (spec?.Lifecycle?.PreStop is { } preStop && container.Running && grace > 0)
        {
            var started = time.GetTimestamp();
            var failure = await RunHookAsync(pod, spec, container.Id, podIp, preStop, TimeSpan.FromSeconds(grace), cancellationToken);
            if (failure is not null)
            {
                events.Record(pod, EventTypes.Warning, "FailedPreStopHook", failure);
            }

            grace -= (long)time.GetElapsedTime(started).TotalSeconds;
        }

        grace = Math.Max(grace, MinimumGraceSeconds);
        if (spec is not null)
        {
            events.Record(pod, EventTypes.Normal, "Killing", $"Stopping container {spec.Name}");
        }

        LogStopping(logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, grace);
        try
        {
            await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = container.Id, Timeout = grace }, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            // already gone
        }
    }

    /// <summary>Runs a postStart or preStop handler; returns why it failed, or null.</summary>
    public async Task<string?> RunHookAsync(V1Pod pod, V1Container container, string containerId, string? podIp, V1LifecycleHandler handler, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (handler.Exec?.Command is { Count: > 0 } command)
            {
                var request = new ExecSyncRequest { ContainerId = containerId, Timeout = (long)Math.Ceiling(timeout.TotalSeconds) };
                request.Cmd.AddRange(command);
                var result = await cri.Runtime.ExecSyncAsync(request, cancellationToken: cancellationToken);
                return result.ExitCode == 0
                    ? null
                    : $"Exec lifecycle hook ({string.Join(", ", command)}) for Container \"{container.Name}\" in Pod \"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})\" failed - error: command '{string.Join(" ", command)}' exited with {result.ExitCode}: {result.Stderr.ToStringUtf8()}{result.Stdout.ToStringUtf8()}";
            }

            if (handler.HttpGet is { } get)
            {
                var port = PortNumber(get.Port, container);
                var host = string.IsNullOrEmpty(get.Host) ? podIp : get.Host;
                var path = string.IsNullOrEmpty(get.Path) ? "/" : get.Path.StartsWith('/') ? get.Path : "/" + get.Path;
                var scheme = string.Equals(get.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}{path}");
                foreach (var header in get.HttpHeaders ?? [])
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }

                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(timeout);
                using var response = await HookClient.SendAsync(request, bounded.Token);
                var status = (int)response.StatusCode;
                return status is >= 200 and < 400 ? null : $"HTTP lifecycle hook ({path}) for Container \"{container.Name}\" in Pod \"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})\" failed - error: HTTP status {status}";
            }

            if (handler.Sleep is { } sleep)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(sleep.Seconds, timeout.TotalSeconds)), time, cancellationToken);
            }

            return null;
        }
        catch (Exception error) when (error is RpcException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"lifecycle hook for Container \"{container.Name}\" in Pod \"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})\" failed - error: {error.Message}";
        }
    }

    private static int PortNumber(IntOrString port, V1Container container)
    {
        var value = port.Value;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort ?? 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pod {Namespace}/{Name}: stopping container {Container} with a grace period of {Seconds} s")]
    private static partial void LogStopping(ILogger logger, string @namespace, string name, string container, long seconds);
}
