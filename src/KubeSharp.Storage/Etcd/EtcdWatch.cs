using System.Threading.Channels;
using Etcdserverpb;
using Grpc.Core;

namespace KubeSharp.Storage.Etcd;

/// <summary>
/// One watch on etcd. If the member's stream breaks, it reconnects (to the next member) from the
/// revision after the last event or progress notification it passed on, so nothing is lost or repeated.
/// Progress is asked for on a timer: etcd's own periodic notification is minutes apart.
/// </summary>
internal sealed class EtcdWatch(EtcdBackend backend, string prefix, long fromRevision, ChannelWriter<WatchEvent> output, StorageOptions options)
{
    private long _next = fromRevision;
    private Func<Task>? _requestProgress;

    /// <summary>Asks the current stream for a progress notification now.</summary>
    public void RequestProgress() => _ = _requestProgress?.Invoke();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, backend.Closing);
        var token = linked.Token;
        try
        {
            if (_next == 0)
            {
                _next = await backend.GetCurrentRevisionAsync(token) + 1;
            }

            for (var attempt = 0; ; attempt++)
            {
                var endpoint = backend.CurrentEndpoint;
                try
                {
                    await StreamAsync(endpoint, token);
                }
                catch (RpcException error) when (EtcdErrors.IsTransient(error) && !token.IsCancellationRequested)
                {
                    backend.Failover(endpoint);
                }
                catch (IOException) when (!token.IsCancellationRequested)
                {
                    backend.Failover(endpoint);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * (attempt + 1), 1000)), backend.Time, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            output.TryComplete(cancellationToken.IsCancellationRequested ? null : new WatchClosedException("the store is closed"));
        }
        catch (RpcException error) when (token.IsCancellationRequested && error.StatusCode == StatusCode.Cancelled)
        {
            output.TryComplete(cancellationToken.IsCancellationRequested ? null : new WatchClosedException("the store is closed"));
        }
        catch (Exception error)
        {
            output.TryComplete(error);
        }
    }

    private async Task StreamAsync(EtcdEndpoint endpoint, CancellationToken token)
    {
        using var call = endpoint.Watch.Watch(cancellationToken: token);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = EtcdBackend.Bytes(prefix),
                RangeEnd = EtcdBackend.Bytes(StorageKeys.PrefixEnd(prefix)),
                StartRevision = _next,
                PrevKv = true,
                ProgressNotify = true,
            },
        }, token);

        var writeLock = new SemaphoreSlim(1, 1);
        _requestProgress = () => RequestProgressAsync(call.RequestStream, writeLock, token);
        await using var progressTimer = backend.Time.CreateTimer(
            _ => _ = RequestProgressAsync(call.RequestStream, writeLock, token), null, options.ProgressInterval, options.ProgressInterval);

        await foreach (var response in call.ResponseStream.ReadAllAsync(token))
        {
            if (response.Canceled)
            {
                if (response.CompactRevision > 0)
                {
                    throw new CompactedException(_next, response.CompactRevision);
                }

                throw new WatchClosedException($"etcd cancelled the watch: {response.CancelReason}");
            }

            if (response.Created)
            {
                continue;
            }

            if (response.Events.Count == 0)
            {
                // A progress notification: every change up to the header's revision was sent.
                var revision = response.Header.Revision;
                if (revision >= _next - 1)
                {
                    Emit(WatchEvent.ProgressAt(revision));
                    _next = revision + 1;
                }

                continue;
            }

            foreach (var change in response.Events)
            {
                Emit(ToEvent(change));
                _next = change.Kv.ModRevision + 1;
            }
        }

        throw new RpcException(new Status(StatusCode.Unavailable, "the watch stream ended"));
    }

    private void Emit(WatchEvent change)
    {
        if (!output.TryWrite(change))
        {
            throw new WatchClosedException(
                $"the watcher fell more than {options.WatchBufferSize} events behind; it was cut off");
        }
    }

    private static async Task RequestProgressAsync(IClientStreamWriter<WatchRequest> requests, SemaphoreSlim writeLock, CancellationToken token)
    {
        if (!await writeLock.WaitAsync(0, token))
        {
            return;
        }

        try
        {
            await requests.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, token);
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException or OperationCanceledException or IOException)
        {
            // The stream is going away; the reader side reconnects.
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static WatchEvent ToEvent(Mvccpb.Event change)
    {
        var key = change.Kv.Key.ToStringUtf8();
        var previous = change.PrevKv is null ? null : EtcdBackend.ToKeyValue(change.PrevKv);
        if (change.Type == Mvccpb.Event.Types.EventType.Delete)
        {
            return new WatchEvent(WatchEventType.Deleted, key, change.Kv.ModRevision, null, previous);
        }

        var current = EtcdBackend.ToKeyValue(change.Kv);
        return current.CreateRevision == current.ModRevision
            ? new WatchEvent(WatchEventType.Created, key, current.ModRevision, current, null)
            : new WatchEvent(WatchEventType.Modified, key, current.ModRevision, current, previous);
    }
}
