using KubeSharp.Proxy.Host;

namespace KubeSharp.Proxy.LoadBalancer;

/// <summary>The real <c>ip</c> command.</summary>
internal sealed class IpRunner(string ipPath) : IIpRunner
{
    public Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) => ToolProcess.RunAsync(ipPath, arguments, null, cancellationToken);
}
