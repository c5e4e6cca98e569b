using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KubeSharp.Storage.Watch;

namespace KubeSharp.Storage.Memory;

/// <summary>The store in memory, for unit tests of other components. Same contract, no durability.</summary>
public sealed class MemoryBackend : IStorageBackend
{
    private readonly Lock _lock = new();
    private readonly StorageOptions _options;
    private readonly SortedDictionary<string, List<Row>> _keys = new(StringComparer.Ordinal);
    private readonly List<Row> _log = [];
    private readonly WatchHub _hub;
    private long _revision;
    private long _compacted;

    public MemoryBackend(StorageOptions? options = null)
    {
        _options = options ?? new StorageOptions();
        _options.Validate();
        _hub = new WatchHub(0, _options);
    }

    public Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_revision);
        }
    }

    public Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_compacted);
        }
    }

    public Task<KeyValue?> GetAsync(string key, long atRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        lock (_lock)
        {
            var revision = ReadRevision(atRevision);
            return Task.FromResult(_keys.TryGetValue(key, out var rows) ? Live(rows, revision) : null);
        }
    }

    public Task<ListResult> ListAsync(string prefix, long atRevision, string? continueAfterKey, int limit, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        lock (_lock)
        {
            var revision = ReadRevision(atRevision);
            var items = new List<KeyValue>();
            var more = false;
            foreach (var (key, rows) in _keys)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)
                    || (continueAfterKey is not null && string.CompareOrdinal(key, continueAfterKey) <= 0))
                {
                    continue;
                }

                if (Live(rows, revision) is { } kv)
                {
                    if (limit > 0 && items.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    items.Add(kv);
                }
            }

            return Task.FromResult(new ListResult(items, revision, more));
        }
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        lock (_lock)
        {
            long count = _keys.Count(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal) && !pair.Value[^1].Deleted);
            return Task.FromResult(count);
        }
    }

    public Task<WriteResult> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _options.ValueSizeLimit);
        lock (_lock)
        {
            var latest = Latest(key);
            if (latest is { Deleted: false })
            {
                return Task.FromResult(new WriteResult(WriteStatus.AlreadyExists, _revision, latest.ToKeyValue()));
            }

            var row = Append(key, value.ToArray(), createRevision: 0, prev: null);
            return Task.FromResult(new WriteResult(WriteStatus.Ok, row.Revision, row.ToKeyValue()));
        }
    }

    public Task<WriteResult> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _options.ValueSizeLimit);
        lock (_lock)
        {
            if (Check(key, expectedModRevision, out var latest) is { } failed)
            {
                return Task.FromResult(failed);
            }

            var row = Append(key, value.ToArray(), latest.CreateRevision, latest);
            return Task.FromResult(new WriteResult(WriteStatus.Ok, row.Revision, row.ToKeyValue()));
        }
    }

    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        lock (_lock)
        {
            if (Check(key, expectedModRevision, out var latest) is { } failed)
            {
                return Task.FromResult(failed);
            }

            var row = Append(key, null, latest.CreateRevision, latest);
            return Task.FromResult(new WriteResult(WriteStatus.Ok, row.Revision, latest.ToKeyValue()));
        }
    }

    public ChannelReader<WatchEvent> Watch(string prefix, long fromRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        lock (_lock)
        {
            // Under the write lock so no write can slip between the hub's snapshot and the history.
            return _hub.Watch(prefix, fromRevision, ReadHistoryAsync, cancellationToken);
        }
    }

    public void RequestProgress() => _hub.RequestProgress();

    public Task CompactAsync(long revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (revision <= _compacted)
            {
                throw new CompactedException(revision, _compacted);
            }

            if (revision > _revision)
            {
                throw new StorageException($"cannot compact to revision {revision}: it is in the future (current revision {_revision})");
            }

            _compacted = revision;
            _log.RemoveAll(row => row.Revision <= revision);
            foreach (var key in _keys.Keys.ToArray())
            {
                var rows = _keys[key];
                var keepFrom = rows.FindLastIndex(row => row.Revision <= revision);
                if (keepFrom > 0)
                {
                    rows.RemoveRange(0, keepFrom);
                }

                if (rows[0].Revision <= revision && rows[0].Deleted)
                {
                    rows.RemoveAt(0);
                }

                if (rows.Count == 0)
                {
                    _keys.Remove(key);
                }
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _hub.Dispose();
        return ValueTask.CompletedTask;
    }

    private long ReadRevision(long atRevision)
    {
        if (atRevision == 0)
        {
            return _revision;
        }

        if (atRevision < _compacted)
        {
            throw new CompactedException(atRevision, _compacted);
        }

        if (atRevision > _revision)
        {
            throw new StorageException($"revision {atRevision} is in the future (current revision {_revision})");
        }

        return atRevision;
    }

    private Row? Latest(string key) => _keys.TryGetValue(key, out var rows) ? rows[^1] : null;

    private WriteResult? Check(string key, long expectedModRevision, out Row latest)
    {
        var found = Latest(key);
        if (found is null || found.Deleted)
        {
            latest = null!;
            return new WriteResult(WriteStatus.NotFound, _revision, null);
        }

        latest = found;
        return found.Revision == expectedModRevision ? null : new WriteResult(WriteStatus.Conflict, _revision, found.ToKeyValue());
    }

    private Row Append(string key, byte[]? value, long createRevision, Row? prev)
    {
        var revision = ++_revision;
        var row = new Row(key, value, revision, createRevision == 0 ? revision : createRevision, prev?.ToKeyValue());
        if (!_keys.TryGetValue(key, out var rows))
        {
            rows = [];
            _keys.Add(key, rows);
        }

        rows.Add(row);
        _log.Add(row);
        _hub.Publish([row.ToEvent()], revision);
        return row;
    }

    private static KeyValue? Live(List<Row> rows, long revision)
    {
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            if (rows[i].Revision <= revision)
            {
                return rows[i].Deleted ? null : rows[i].ToKeyValue();
            }
        }

        return null;
    }

    private async IAsyncEnumerable<WatchEvent> ReadHistoryAsync(string prefix, long fromRevision, long toRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<WatchEvent> events;
        lock (_lock)
        {
            if (fromRevision <= _compacted)
            {
                throw new CompactedException(fromRevision, _compacted);
            }

            events = [.. _log
                .Where(row => row.Revision >= fromRevision && row.Revision <= toRevision && row.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(row => row.ToEvent())];
        }

        foreach (var change in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return change;
        }

        await Task.CompletedTask;
    }

    private sealed record Row(string Key, byte[]? Value, long Revision, long CreateRevision, KeyValue? Prev)
    {
        public bool Deleted => Value is null;

        public KeyValue ToKeyValue() => new(Key, Value!, CreateRevision, Revision);

        public WatchEvent ToEvent() => Value is null
            ? new WatchEvent(WatchEventType.Deleted, Key, Revision, null, Prev)
            : Prev is null
                ? new WatchEvent(WatchEventType.Created, Key, Revision, ToKeyValue(), null)
                : new WatchEvent(WatchEventType.Modified, Key, Revision, ToKeyValue(), Prev);
    }
}
