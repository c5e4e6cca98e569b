using KubeSharp.Api.Host;

namespace KubeSharp.Proxy;

/// <summary>The real nft, given the script on standard input.</summary>
internal sealed class NftRunner(string nftPath) : INftRunner
{
    public async Task RunAsync(string script, CancellationToken cancellationToken) =>
        (await ToolRunner.RunAsync(nftPath, ["-f", "-"], script, cancellationToken)).ThrowIfFailed(nftPath + " -f -");
}
