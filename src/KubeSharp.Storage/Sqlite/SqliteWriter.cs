using System.Threading.Channels;
using KubeSharp.Storage.Watch;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The only connection that writes. One thread takes every write queued while the previous commit
/// was syncing and commits them in one transaction (group commit): with synchronous=FULL a commit
/// costs one fsync, so the batch shares it. Each write still gets its own revision.
/// Committed changes go to the watch hub before any caller hears of success.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly WatchHub _hub;
    private readonly SqliteOptions _options;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly SqliteCommand _selectLatest;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _upsertCurrent;
    private long _revision;
    private long _compacted;

    public SqliteWriter(string path, long revision, long compacted, WatchHub hub, SqliteOptions options)
    {
        _connection = SqliteSchema.OpenConnection(path, readOnly: false);
        _hub = hub;
        _options = options;
        _revision = revision;
        _compacted = compacted;
        _selectLatest = Prepare("SELECT id, create_revision, deleted, value FROM kv WHERE name = $name ORDER BY id DESC LIMIT 1", "$name");
        _insert = Prepare(
            "INSERT INTO kv (id, name, deleted, create_revision, prev_revision, value) VALUES ($id, $name, $deleted, $create, $prev, $value)",
            "$id", "$name", "$deleted", "$create", "$prev", "$value");
        _upsertCurrent = Prepare(
            "INSERT INTO kv_current (name, id, deleted) VALUES ($name, $id, $deleted) ON CONFLICT (name) DO UPDATE SET id = excluded.id, deleted = excluded.deleted",
            "$name", "$id", "$deleted");
        _thread = new Thread(Run) { IsBackground = true, Name = "kubesharp-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Revisions at or below this can no longer be read; set as soon as a compaction is accepted.</summary>
    public long Compacted => Volatile.Read(ref _compacted);

    public Task<WriteResult> EnqueueAsync(WriteOperation operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            operation.Fail(new StorageUnavailableException("the store is closed"));
        }

        return operation.Task;
    }

    public Task CompactAsync(long revision)
    {
        var job = new CompactionJob(revision);
        if (!_queue.Writer.TryWrite(job))
        {
            job.Fail(new StorageUnavailableException("the store is closed"));
        }

        return job.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join();
        _selectLatest.Dispose();
        _insert.Dispose();
        _upsertCurrent.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<WriteOperation>(_options.MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < _options.MaxBatch && reader.TryPeek(out var next))
            {
                if (next is CompactionJob)
                {
                    if (batch.Count == 0)
                    {
                        reader.TryRead(out _);
                        StepCompaction((CompactionJob)next);
                    }

                    break;
                }

                reader.TryRead(out _);
                batch.Add((WriteOperation)next);
            }

            if (batch.Count > 0)
            {
                Commit(batch);
                batch.Clear();
            }
        }

        while (reader.TryRead(out var leftover))
        {
            var closed = new StorageUnavailableException("the store is closed");
            (leftover as WriteOperation)?.Fail(closed);
            (leftover as CompactionJob)?.Fail(closed);
        }
    }

    private void Commit(List<WriteOperation> batch)
    {
        var startRevision = _revision;
        var results = new WriteResult[batch.Count];
        var events = new List<WatchEvent>(batch.Count);
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            _selectLatest.Transaction = transaction;
            _insert.Transaction = transaction;
            _upsertCurrent.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = Apply(batch[i], events);
            }
        }
        catch (Exception error)
        {
            // Nothing of this batch reached the disk.
            _revision = startRevision;
            TryRollback(transaction);
            foreach (var operation in batch)
            {
                operation.Fail(new StorageException($"the store could not write: {error.Message}", error));
            }

            return;
        }

        try
        {
            transaction.Commit();
        }
        catch (Exception error)
        {
            // The commit itself failed (for example an I/O error while syncing): say that we cannot tell.
            _revision = startRevision;
            TryRollback(transaction);
            foreach (var operation in batch)
            {
                operation.Fail(new UnknownOutcomeException(operation.Key, error));
            }

            return;
        }
        finally
        {
            transaction.Dispose();
        }

        _hub.Publish(events, _revision);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(results[i]);
        }
    }

    private WriteResult Apply(WriteOperation operation, List<WatchEvent> events)
    {
        var latest = SelectLatest(operation.Key);
        var live = latest is { Deleted: false } ? latest.Value.ToKeyValue(operation.Key) : null;
        if (operation.Kind == WriteKind.Create)
        {
            if (live is not null)
            {
                return new WriteResult(WriteStatus.AlreadyExists, _revision, live);
            }

            var created = Insert(operation.Key, operation.Value, createRevision: 0, prevRevision: 0);
            events.Add(new WatchEvent(WatchEventType.Created, operation.Key, created.ModRevision, created, null));
            return new WriteResult(WriteStatus.Ok, created.ModRevision, created);
        }

        if (live is null)
        {
            return new WriteResult(WriteStatus.NotFound, _revision, null);
        }

        if (live.ModRevision != operation.ExpectedModRevision)
        {
            return new WriteResult(WriteStatus.Conflict, _revision, live);
        }

        var written = Insert(operation.Key, operation.Value, live.CreateRevision, live.ModRevision);
        if (operation.Kind == WriteKind.Delete)
        {
            events.Add(new WatchEvent(WatchEventType.Deleted, operation.Key, written.ModRevision, null, live));
            return new WriteResult(WriteStatus.Ok, written.ModRevision, live);
        }

        events.Add(new WatchEvent(WatchEventType.Modified, operation.Key, written.ModRevision, written, live));
        return new WriteResult(WriteStatus.Ok, written.ModRevision, written);
    }

    private StoredRow? SelectLatest(string key)
    {
        _selectLatest.Parameters[0].Value = key;
        using var reader = _selectLatest.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var deleted = reader.GetInt64(2) != 0;
        return new StoredRow(reader.GetInt64(0), reader.GetInt64(1), deleted, deleted ? [] : reader.GetFieldValue<byte[]>(3));
    }

    private KeyValue Insert(string key, byte[]? value, long createRevision, long prevRevision)
    {
        var revision = _revision + 1;
        var parameters = _insert.Parameters;
        parameters[0].Value = revision;
        parameters[1].Value = key;
        parameters[2].Value = value is null ? 1 : 0;
        parameters[3].Value = createRevision == 0 ? revision : createRevision;
        parameters[4].Value = prevRevision;
        parameters[5].Value = (object?)value ?? DBNull.Value;
        _insert.ExecuteNonQuery();
        _upsertCurrent.Parameters[0].Value = key;
        _upsertCurrent.Parameters[1].Value = revision;
        _upsertCurrent.Parameters[2].Value = value is null ? 1 : 0;
        _upsertCurrent.ExecuteNonQuery();
        _revision = revision;
        return new KeyValue(key, value ?? [], createRevision == 0 ? revision : createRevision, revision);
    }

    private void StepCompaction(CompactionJob job)
    {
        try
        {
            if (!job.Started)
            {
                if (job.Target <= _compacted)
                {
                    throw new CompactedException(job.Target, _compacted);
                }

                if (job.Target > _revision)
                {
                    throw new StorageException($"cannot compact to revision {job.Target}: it is in the future (current revision {_revision})");
                }

                // Readers and watch replays check this before trusting what they read.
                job.Done = _compacted;
                ExecuteInTransaction($"UPDATE meta SET value = {job.Target} WHERE key = 'compacted'");
                Volatile.Write(ref _compacted, job.Target);
                job.Started = true;
            }

            // Every superseded row is the prev_revision of exactly one later row, and tombstones
            // go too; so one step is two indexed deletes over a window of revisions.
            var low = job.Done;
            var high = Math.Min(job.Target, low + _options.CompactionStep);
            ExecuteInTransaction($"""
                DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > {low} AND id <= {high} AND prev_revision > 0);
                DELETE FROM kv WHERE id > {low} AND id <= {high} AND deleted = 1;
                """);
            job.Done = high;
            if (high < job.Target)
            {
                _queue.Writer.TryWrite(job);
                return;
            }

            // A tombstone at or below the compacted revision can no longer matter to any read.
            ExecuteInTransaction($"DELETE FROM kv_current WHERE deleted = 1 AND id <= {job.Target}");
            SqliteSchema.Execute(_connection, "PRAGMA incremental_vacuum");
            SqliteSchema.Execute(_connection, "PRAGMA wal_checkpoint(PASSIVE)");
            job.Complete();
        }
        catch (Exception error)
        {
            job.Fail(error);
        }
    }

    private void ExecuteInTransaction(string sql)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void TryRollback(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // The connection already rolled back on its own.
        }
    }

    private readonly record struct StoredRow(long Id, long CreateRevision, bool Deleted, byte[] Value)
    {
        public KeyValue ToKeyValue(string key) => new(key, Value, CreateRevision, Id);
    }
}
