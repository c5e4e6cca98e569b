using KubeSharp.Proxy.Host;

namespace KubeSharp.Proxy;

/// <summary>The real nft, given the script on standard input.</summary>
internal sealed class NftRunner(string nftPath) : INftRunner
{
    public Task RunAsync(string script, CancellationToken cancellationToken) => ToolProcess.RunAsync(nftPath, ["-f", "-"], script, cancellationToken);
}
