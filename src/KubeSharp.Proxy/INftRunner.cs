namespace KubeSharp.Proxy;

/// <summary>Runs an nft script as one transaction (<c>nft -f -</c>): all of it applies, or none.</summary>
internal interface INftRunner
{
    /// <exception cref="InvalidOperationException">nft refused the script; the message carries its errors.</exception>
    Task RunAsync(string script, CancellationToken cancellationToken);
}
