namespace KubeSharp.Kubelet.Streaming.Spdy;

/// <summary>
/// Wakes every waiter when state its owner guards with a lock changes. Both members are used under that lock: a
/// waiter takes <see cref="Next"/> while it finds the state wanting, leaves the lock, awaits, and looks again.
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => _next.Task;

    public void Pulse()
    {
        var pulsed = _next;
        _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pulsed.TrySetResult();
    }
}
