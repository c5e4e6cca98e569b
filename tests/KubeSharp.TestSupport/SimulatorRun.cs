using k8s;
using KubeSharp.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.TestSupport;

/// <summary>A <see cref="NodeSimulator"/> running in the test process; disposing stops it (and so deletes its nodes when asked to).</summary>
public sealed class SimulatorRun : IAsyncDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public SimulatorRun(IKubernetes client, SimulatorOptions options)
    {
        Simulator = new NodeSimulator(client, options, TimeProvider.System, NullLoggerFactory.Instance);
        _run = Simulator.RunAsync(_stop.Token);
    }

    public NodeSimulator Simulator { get; }

    /// <summary>
    /// Waits until every simulated node is registered and free of the not-ready taint (lifted by
    /// the node lifecycle controller once the node is Ready), so the scheduler may use them all.
    /// </summary>
    public async Task ReadyForPodsAsync(IKubernetes client, TimeSpan timeout)
    {
        await Simulator.Ready.WaitAsync(timeout);
        var names = Simulator.NodeNames.ToHashSet(StringComparer.Ordinal);
        await Wait.UntilAsync(
            async () => (await client.CoreV1.ListNodeAsync()).Items
                .Where(node => names.Contains(node.Metadata.Name))
                .Count(node => node.Spec?.Taints?.Any(taint => taint.Key == "node.kubernetes.io/not-ready") != true) == names.Count,
            timeout,
            "the simulated nodes to lose their not-ready taint");
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(StopPatience);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        Simulator.Dispose();
        _stop.Dispose();
    }
}
