
namespace KubeSharp.Proxy.Tests.Fakes;

/// <summary>Records each nft script; can be made to fail like nft does.</summary>
internal sealed class RecordingNft : INftRunner
{
    public List<string> Scripts { get; } = [];

    /// <summary>When set, the next run fails with this error (as nft's standard error).</summary>
    public string? FailNext { get; set; }

    public Task RunAsync(string script, CancellationToken cancellationToken)
    {
        Scripts.Add(script);
        if (FailNext is { } error)
        {
            FailNext = null;
            throw new InvalidOperationException("nft -f - exited with 1: " + error);
        }

        return Task.CompletedTask;
    }
}
