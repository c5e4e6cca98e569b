using System.Collections.Concurrent;

namespace KubeSharp.ApiServer.Kubelet;

/// <summary>
/// The kubelets that run in this process (`kubesharp server`'s own node), by node name. Their pods'
/// logs, exec, attach and port-forward requests are handed to them directly instead of over HTTPS to the
/// node's address: the same kubelet code serves them, minus a TLS connection to ourselves, a second HTTP
/// parse and a copy loop between the two (a port-forward carries about 1.6 times the bytes per second).
/// Other kubelets, and every other call (stats, node proxy), still go over HTTPS.
/// </summary>
public sealed class LocalKubelets
{
    private readonly ConcurrentDictionary<string, LocalKubeletHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>Serves <paramref name="nodeName"/>'s requests with <paramref name="handler"/> until the result is disposed.</summary>
    public IDisposable Register(string nodeName, LocalKubeletHandler handler)
    {
        if (!_handlers.TryAdd(nodeName, handler))
        {
            throw new InvalidOperationException($"node \"{nodeName}\" already has a kubelet in this process");
        }

        return new Registration(this, nodeName, handler);
    }

    internal LocalKubeletHandler? Find(string nodeName) => _handlers.GetValueOrDefault(nodeName);

    private sealed class Registration(LocalKubelets owner, string nodeName, LocalKubeletHandler handler) : IDisposable
    {
        public void Dispose() => owner._handlers.TryRemove(KeyValuePair.Create(nodeName, handler));
    }
}
