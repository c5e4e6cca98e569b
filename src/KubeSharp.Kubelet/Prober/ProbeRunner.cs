using k8s.Models;

namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// Runs one probe of a container with the handler its spec names (upstream's prober.runProbeWithRetries):
/// an attempt that could not be run (unknown) is tried again, up to three attempts.
/// </summary>
internal sealed class ProbeRunner(IProbeExecutor exec, HttpProber http, TcpProber tcp)
{
    private const int MaxAttempts = 3;

    /// <param name="podDescription">The pod as upstream names it in errors: <c>name_namespace(uid)</c>.</param>
    public async Task<ProbeResult> RunAsync(
        V1Probe probe, V1Container container, string podDescription, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = default(ProbeResult);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            result = await RunOnceAsync(probe, container, podDescription, target, timeout, cancellationToken);
            if (result.Outcome != ProbeOutcome.Unknown)
            {
                break;
            }
        }

        return result;
    }

    private Task<ProbeResult> RunOnceAsync(
        V1Probe probe, V1Container container, string podDescription, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (probe.Exec is { } execAction)
        {
            var command = CommandExpansion.ExpandStatic(execAction.Command ?? [], container.Env);
            return exec.ExecAsync(target.ContainerId, command, timeout, cancellationToken);
        }

        if (probe.HttpGet is { } httpGet)
        {
            return http.ProbeAsync(httpGet, container, target.PodIp, timeout, cancellationToken);
        }

        if (probe.TcpSocket is { } tcpSocket)
        {
            if (!ContainerPorts.TryResolve(tcpSocket.Port, container, out var port, out var error))
            {
                return Task.FromResult(ProbeResult.Unknown(error));
            }

            var host = string.IsNullOrEmpty(tcpSocket.Host) ? target.PodIp : tcpSocket.Host;
            return string.IsNullOrEmpty(host)
                ? Task.FromResult(ProbeResult.Unknown("the pod has no IP address yet"))
                : tcp.ProbeAsync(host, port, timeout, cancellationToken);
        }

        if (probe.Grpc is not null)
        {
            // The gRPC health protocol is not built; say so where the user looks (the pod's events).
            return Task.FromResult(ProbeResult.Failure("grpc probes are not supported"));
        }

        return Task.FromResult(ProbeResult.Unknown($"missing probe handler for {podDescription}:{container.Name}"));
    }
}
