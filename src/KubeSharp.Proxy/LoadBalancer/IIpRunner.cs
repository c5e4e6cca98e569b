namespace KubeSharp.Proxy.LoadBalancer;

/// <summary>Runs iproute2's <c>ip</c> with the given arguments.</summary>
internal interface IIpRunner
{
    /// <exception cref="InvalidOperationException">ip failed; the message carries its errors.</exception>
    Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
