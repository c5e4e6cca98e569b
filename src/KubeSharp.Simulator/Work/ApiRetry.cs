using KubeSharp.Client;

namespace KubeSharp.Simulator.Work;

/// <summary>
/// Retries a call that must happen (registering or deleting a node) through transient failures,
/// with a doubling delay on the clock, until it succeeds, fails for good, or is cancelled.
/// </summary>
internal static class ApiRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(Func<CancellationToken, Task> call, TimeProvider time, Action<Exception, TimeSpan> onRetry, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await call(cancellationToken);
                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && ApiFailures.IsTransient(error))
            {
                onRetry(error, delay);
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }
}
