namespace KubeSharp.Client.WorkQueue;

/// <summary>
/// The worker loop controllers run over their queue (client-go's processNextWorkItem): take an
/// item, sync it, forget its failures when it is done, requeue it with backoff when the sync
/// fails or asks to be tried again, and mark it done, so no item is ever synced twice at once.
/// An item that has been retried <c>maxRetries</c> times is dropped (forgotten) instead.
/// Runs until the token is cancelled, which shuts the queue down.
/// </summary>
public static class QueueWorkers
{
    /// <param name="sync">True when the item is done; false to try it again after a backoff.</param>
    /// <param name="failed">Told of every failed sync (to log it) before the item is requeued.</param>
    /// <param name="dropped">Told of an item given up after <paramref name="maxRetries"/> retries.</param>
    public static async Task RunAsync<T>(
        RateLimitingQueue<T> queue,
        int workers,
        Func<T, CancellationToken, Task<bool>> sync,
        Action<T, Exception> failed,
        CancellationToken cancellationToken,
        int maxRetries = int.MaxValue,
        Action<T>? dropped = null)
        where T : notnull
    {
        using var stop = cancellationToken.Register(queue.ShutDown);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(), CancellationToken.None)));

        async Task WorkAsync()
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
                        Retry(item);
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
                    Retry(item);
                }
                finally
                {
                    queue.Done(item);
                }
            }
        }

        void Retry(T item)
        {
            if (queue.NumRequeues(item) < maxRetries)
            {
                queue.AddRateLimited(item);
                return;
            }

            dropped?.Invoke(item);
            queue.Forget(item);
        }
    }
}
