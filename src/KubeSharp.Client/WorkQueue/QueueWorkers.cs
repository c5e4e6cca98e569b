namespace KubeSharp.Client.WorkQueue;

/// <summary>
/// The worker loop controllers run over their queue (client-go's processNextWorkItem): take an
/// item, sync it, forget its failures when it is done, requeue it with backoff when the sync
/// fails or asks to be tried again, and mark it done, so no item is ever synced twice at once.
/// Runs until the token is cancelled, which shuts the queue down.
/// </summary>
public static class QueueWorkers
{
    /// <param name="sync">True when the item is done; false to try it again after a backoff.</param>
    /// <param name="failed">Told of every failed sync (to log it) before the item is requeued.</param>
    public static async Task RunAsync<T>(
        RateLimitingQueue<T> queue, int workers, Func<T, CancellationToken, Task<bool>> sync, Action<T, Exception> failed, CancellationToken cancellationToken)
        where T : notnull
    {
        using var stop = cancellationToken.Register(queue.ShutDown);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, sync, failed, cancellationToken), CancellationToken.None)));
    }

    private static async Task WorkAsync<T>(RateLimitingQueue<T> queue, Func<T, CancellationToken, Task<bool>> sync, Action<T, Exception> failed, CancellationToken cancellationToken)
        where T : notnull
    {
        while (true)
        {
            var (item, shutdown) = await queue.GetAsync(CancellationToken.None);
            if (shutdown)
            {
                return;
            }

            try
            {
                if (await sync(item, cancellationToken))
                {
                    queue.Forget(item);
                }
                else
                {
                    queue.AddRateLimited(item);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Any failure, even a bug, costs this item a retry, never the controller.
                failed(item, error);
                queue.AddRateLimited(item);
            }
            finally
            {
                queue.Done(item);
            }
        }
    }
}
