namespace KubeSharp.Kubelet.Tests.Prober;

/// <summary>
/// Waits for a condition on state that callbacks change, without sleeping: every change pulses, and a
/// waiter re-checks its condition after each pulse (with a generous real-time bound so a bug fails the test).
/// </summary>
internal sealed class Changes
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse()
    {
        TaskCompletionSource pulsed;
        lock (_lock)
        {
            pulsed = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pulsed.TrySetResult();
    }

    public async Task UntilAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _next.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await next.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
        }
    }
}
