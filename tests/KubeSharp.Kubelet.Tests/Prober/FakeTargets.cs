using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>Containers that run or not, as the pod workers would report them.</summary>
internal sealed class FakeTargets : IProbeTargets
{
    private readonly Dictionary<(string Pod, string Container), ProbeTarget> _running = [];
    private readonly Lock _lock = new();

    public void Run(string podUid, string container, string containerId, DateTimeOffset startedAt, string? podIp = "127.0.0.1")
    {
        lock (_lock)
        {
            _running[(podUid, container)] = new ProbeTarget(containerId, startedAt, podIp, 0);
        }
    }

    public void Stop(string podUid, string container)
    {
        lock (_lock)
        {
            _running.Remove((podUid, container));
        }
    }

    public bool TryGetContainer(string podUid, string containerName, out ProbeTarget target)
    {
        lock (_lock)
        {
            return _running.TryGetValue((podUid, containerName), out target);
        }
    }
}
