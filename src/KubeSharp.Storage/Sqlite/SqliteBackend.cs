using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KubeSharp.Storage.Watch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The default store: one SQLite file in WAL mode with synchronous=FULL (every acknowledged write
/// survives a crash), one writer with group commit, readers on their own connections, watches
/// fanned out in-process and replayed from the table for old revisions.
/// </summary>
public sealed class SqliteBackend : IStorageBackend
{
    private readonly string _path;
    private readonly StorageOptions _options;
    private readonly SqliteOptions _sqliteOptions;
    private readonly FileStream _lockFile;
    private readonly WatchHub _hub;
    private readonly SqliteWriter _writer;
    private readonly ConcurrentBag<SqliteReader> _readers = [];
    private readonly PeriodicCompactor? _compactor;
    private int _disposed;

    private SqliteBackend(string path, FileStream lockFile, long revision, long compacted, StorageOptions options, SqliteOptions sqliteOptions, ILoggerFactory loggers)
    {
        _path = path;
        _lockFile = lockFile;
        _options = options;
        _sqliteOptions = sqliteOptions;
        _hub = new WatchHub(revision, options);
        _writer = new SqliteWriter(path, revision, compacted, _hub, sqliteOptions);
        if (sqliteOptions.Compaction is { } policy)
        {
            _compactor = new PeriodicCompactor(this, policy, options.TimeProvider, loggers.CreateLogger<PeriodicCompactor>());
        }
    }

    public string Path => _path;

    /// <summary>Opens (or creates) the store at <paramref name="path"/>, refusing a file that is not ours or is in use.</summary>
    public static SqliteBackend Open(string path, StorageOptions? options = null, SqliteOptions? sqliteOptions = null, ILoggerFactory? loggers = null)
    {
        options ??= new StorageOptions();
        sqliteOptions ??= new SqliteOptions();
        options.Validate();
        sqliteOptions.Compaction?.Validate();
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var lockFile = Lock(path);
        try
        {
            var (revision, compacted) = SqliteSchema.OpenOrCreate(path);
            return new SqliteBackend(path, lockFile, revision, compacted, options, sqliteOptions, loggers ?? NullLoggerFactory.Instance);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public Task<long> GetCurrentRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(_hub.Revision);

    public Task<long> GetCompactedRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(_writer.Compacted);

    public Task<KeyValue?> GetAsync(string key, long atRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        return Task.FromResult(Read(atRevision, (reader, revision) => reader.Get(key, revision)));
    }

    public Task<ListResult> ListAsync(string prefix, long atRevision, string? continueAfterKey, int limit, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        long readAt = 0;
        var (items, more) = Read(atRevision, (reader, revision) =>
        {
            readAt = revision;
            return reader.List(prefix, revision, continueAfterKey, limit);
        });
        return Task.FromResult(new ListResult(items, readAt, more));
    }

    public Task<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        return Task.FromResult(Read(0, (reader, _) => reader.Count(prefix)));
    }

    public Task<WriteResult> CreateAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _options.ValueSizeLimit);
        return _writer.EnqueueAsync(new WriteOperation(WriteKind.Create, key, value, 0));
    }

    public Task<WriteResult> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        StorageKeys.ValidateValue(key, value, _options.ValueSizeLimit);
        return _writer.EnqueueAsync(new WriteOperation(WriteKind.Update, key, value, expectedModRevision));
    }

    public Task<WriteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidateKey(key);
        return _writer.EnqueueAsync(new WriteOperation(WriteKind.Delete, key, null, expectedModRevision));
    }

    public ChannelReader<WatchEvent> Watch(string prefix, long fromRevision, CancellationToken cancellationToken)
    {
        StorageKeys.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        return _hub.Watch(prefix, fromRevision, ReadHistoryAsync, cancellationToken);
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken) => _writer.CompactAsync(revision);

    public void RequestProgress() => _hub.RequestProgress();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_compactor is not null)
        {
            await _compactor.DisposeAsync();
        }

        _hub.Dispose();
        _writer.Dispose();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        await _lockFile.DisposeAsync();
    }

    private static FileStream Lock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock that the kernel drops if we die.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException error)
        {
            throw new StorageOpenException($"the store at {path} is in use by another process (cannot lock {lockPath}): {error.Message}", error);
        }
    }

    private T Read<T>(long atRevision, Func<SqliteReader, long, T> query)
    {
        var current = _hub.Revision;
        var revision = atRevision == 0 ? current : atRevision;
        if (revision > current)
        {
            throw new StorageException($"revision {revision} is in the future (current revision {current})");
        }

        CheckCompacted(revision);
        var reader = RentReader();
        try
        {
            var result = query(reader, revision);

            // A compaction that started during the query may have removed rows it needed.
            CheckCompacted(revision);
            return result;
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    private void CheckCompacted(long revision)
    {
        var compacted = _writer.Compacted;
        if (revision < compacted)
        {
            throw new CompactedException(revision, compacted);
        }
    }

    private SqliteReader RentReader()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _readers.TryTake(out var reader) ? reader : new SqliteReader(_path);
    }

    private void ReturnReader(SqliteReader reader)
    {
        if (Volatile.Read(ref _disposed) != 0 || _readers.Count >= _sqliteOptions.MaxIdleReaders)
        {
            reader.Dispose();
            return;
        }

        _readers.Add(reader);
    }

    private async IAsyncEnumerable<WatchEvent> ReadHistoryAsync(string prefix, long fromRevision, long toRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = fromRevision;
        while (next <= toRevision)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<WatchEvent> chunk;
            var reader = RentReader();
            try
            {
                // Rows from `next` on are intact only while the compacted revision stays below it.
                if (next <= _writer.Compacted)
                {
                    throw new CompactedException(next, _writer.Compacted);
                }

                chunk = reader.History(prefix, next, toRevision);
                if (next <= _writer.Compacted)
                {
                    throw new CompactedException(next, _writer.Compacted);
                }
            }
            finally
            {
                ReturnReader(reader);
            }

            foreach (var change in chunk)
            {
                yield return change;
            }

            if (chunk.Count < SqliteReader.HistoryChunk)
            {
                break;
            }

            next = chunk[^1].Revision + 1;
        }

        await Task.CompletedTask;
    }
}
