using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Client.Informers;

/// <summary>
/// client-go's shared informer: lists, then watches from the list's resourceVersion, keeping an
/// indexed cache and telling handlers of every add, update and delete. A broken watch is resumed
/// from the last resourceVersion seen (bookmarks included); an expired one (410) or any other failure
/// re-lists, and the difference between the cache and the new list is told as events, so handlers
/// never miss a deletion. Every resync period, every object is told again as an update.
/// </summary>
public sealed partial class SharedInformer<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ListWatch<T> _source;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _resyncPeriod;
    private readonly ILogger _logger;
    private readonly List<IResourceEventHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SharedInformer(ListWatch<T> source, TimeProvider time, TimeSpan? resyncPeriod, ILogger logger)
    {
        _source = source;
        _time = time;
        _resyncPeriod = resyncPeriod;
        _logger = logger;
    }

    public Indexer<T> Store { get; } = new();

    /// <summary>Completes once the first list is in the cache and told to the handlers.</summary>
    public Task Synced => _synced.Task;

    /// <summary>The resourceVersion of the newest state the cache reflects.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Adds a handler; it is told of every object already cached as an add.</summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
        }

        foreach (var item in Store.List())
        {
            handler.OnAdd(item);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var resync = _resyncPeriod is { } period ? _time.CreateTimer(_ => Resync(), null, period, period) : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListAsync(cancellationToken);
                _synced.TrySetResult();
                while (!cancellationToken.IsCancellationRequested && await WatchAsync(cancellationToken))
                {
                    // The watch ended normally (a server timeout): resume from the last resourceVersion.
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogRelist(typeof(T).Name, error.Message);
                await Task.Delay(RetryDelay, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await _source.List(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            seen.Add(ObjectKeys.Of(item));
            Apply(WatchEventType.Modified, item);
        }

        foreach (var stale in Store.List().Where(item => !seen.Contains(ObjectKeys.Of(item))))
        {
            Apply(WatchEventType.Deleted, stale);
        }

        ResourceVersion = resourceVersion;
    }

    /// <summary>Follows one watch stream; true if it ended normally and may be resumed, false to re-list.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var (type, item) in _source.Watch(ResourceVersion ?? "0", cancellationToken))
        {
            switch (type)
            {
                case WatchEventType.Error:
                    // An ERROR event (e.g. 410 Expired): only a fresh list can say what the state is.
                    return false;
                case WatchEventType.Bookmark:
                    break;
                default:
                    Apply(type, item);
                    break;
            }

            if (item?.Metadata?.ResourceVersion is { Length: > 0 } version)
            {
                ResourceVersion = version;
            }
        }

        return true;
    }

    private void Apply(WatchEventType type, T item)
    {
        if (type == WatchEventType.Deleted)
        {
            if (Store.Remove(ObjectKeys.Of(item)) is { } removed)
            {
                Notify(handler => handler.OnDelete(removed));
            }

            return;
        }

        var old = Store.Upsert(item);
        if (old is null)
        {
            Notify(handler => handler.OnAdd(item));
        }
        else if (old.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
        {
            Notify(handler => handler.OnUpdate(old, item));
        }
    }

    private void Resync()
    {
        foreach (var item in Store.List())
        {
            Notify(handler => handler.OnUpdate(item, item));
        }
    }

    private void Notify(Action<IResourceEventHandler<T>> action)
    {
        IResourceEventHandler<T>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            action(handler);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "informer {Kind}: re-listing ({Reason})")]
    private partial void LogRelist(string kind, string reason);
}
