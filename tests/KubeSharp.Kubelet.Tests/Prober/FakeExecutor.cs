using KubeSharp.Kubelet.Prober;

namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>Answers exec probes by command (its first word) and logs every call in order.</summary>
internal sealed class FakeExecutor(Changes changes) : IProbeExecutor
{
    private readonly Dictionary<string, ProbeResult> _answers = new(StringComparer.Ordinal);
    private readonly List<(string ContainerId, string Command, ProbeOutcome Outcome)> _calls = [];
    private readonly Lock _lock = new();

    public void Answer(string command, ProbeResult result)
    {
        lock (_lock)
        {
            _answers[command] = result;
        }
    }

    public IReadOnlyList<(string ContainerId, string Command, ProbeOutcome Outcome)> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public int CallsTo(string command) => Calls.Count(call => call.Command == command);

    public Task<ProbeResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProbeResult result;
        lock (_lock)
        {
            result = _answers.TryGetValue(command[0], out var answer) ? answer : ProbeResult.Success(string.Empty);
            _calls.Add((containerId, command[0], result.Outcome));
        }

        changes.Pulse();
        return Task.FromResult(result);
    }
}
