using KubeSharp.Api.Host;

namespace KubeSharp.Proxy.LoadBalancer;

/// <summary>The real <c>ip</c> command.</summary>
internal sealed class IpRunner(string ipPath) : IIpRunner
{
    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await ToolRunner.RunAsync(ipPath, arguments, cancellationToken)).ThrowIfFailed($"{ipPath} {string.Join(' ', arguments)}");
}
