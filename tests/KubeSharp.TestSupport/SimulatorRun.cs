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
