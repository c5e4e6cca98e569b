namespace KubeSharp.Scheduler.Framework;

/// <summary>
/// A pod held at Permit: it binds once every plugin that said Wait has allowed it, and fails when
/// one rejects it or the wait times out.
/// </summary>
public sealed class WaitingPod
{
    private readonly HashSet<string> _pending;
    private readonly TaskCompletionSource<Status> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WaitingPod(PodInfo pod, IEnumerable<string> pendingPlugins)
    {
        Pod = pod;
        _pending = new HashSet<string>(pendingPlugins, StringComparer.Ordinal);
    }

    public PodInfo Pod { get; }

    public Task<Status> Outcome => _outcome.Task;

    public void Allow(string plugin)
    {
        lock (_pending)
        {
            if (_pending.Remove(plugin) && _pending.Count == 0)
            {
                _outcome.TrySetResult(Status.Success);
            }
        }
    }

    public void Reject(string plugin, string message) =>
        _outcome.TrySetResult(new Status(Code.Unschedulable, [message], plugin));
}
