using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// A read connection with its statements prepared once. In WAL mode readers never wait for the
/// writer; every query filters on id ≤ revision, so a read is a consistent snapshot at that revision.
/// </summary>
internal sealed class SqliteReader : IDisposable
{
    public const int HistoryChunk = 1000;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _list;
    private readonly SqliteCommand _count;
    private readonly SqliteCommand _history;

    public SqliteReader(string path)
    {
        _connection = SqliteSchema.OpenConnection(path, readOnly: true);
        _get = Prepare("SELECT id, create_revision, deleted, value FROM kv WHERE name = $name AND id <= $rev ORDER BY id DESC LIMIT 1", "$name", "$rev");
        _list = Prepare(
            """
            SELECT c.name, c.id, c.deleted, kv.create_revision, kv.value FROM kv_current c JOIN kv ON kv.id = c.id
            WHERE c.name >= $start AND c.name < $end AND c.name > $after ORDER BY c.name
            """,
            "$start", "$end", "$after");
        _count = Prepare("SELECT COUNT(*) FROM kv_current WHERE name >= $start AND name < $end AND deleted = 0", "$start", "$end");
        _history = Prepare(
            $"""
            SELECT k.id, k.name, k.create_revision, k.deleted, k.value, p.id, p.create_revision, p.value
            FROM kv k LEFT JOIN kv p ON p.id = k.prev_revision
            WHERE k.id >= $from AND k.id <= $to AND k.name >= $start AND k.name < $end
            ORDER BY k.id LIMIT {HistoryChunk}
            """,
            "$from", "$to", "$start", "$end");
    }

    public KeyValue? Get(string key, long revision)
    {
        _get.Parameters[0].Value = key;
        _get.Parameters[1].Value = revision;
        using var reader = _get.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(2) != 0)
        {
            return null;
        }

        return new KeyValue(key, reader.GetFieldValue<byte[]>(3), reader.GetInt64(1), reader.GetInt64(0));
    }

    public (List<KeyValue> Items, bool More) List(string prefix, long revision, string? continueAfterKey, int limit)
    {
        _list.Parameters[0].Value = prefix;
        _list.Parameters[1].Value = StorageKeys.PrefixEnd(prefix);
        _list.Parameters[2].Value = continueAfterKey ?? string.Empty;
        var items = new List<KeyValue>();
        using var reader = _list.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var id = reader.GetInt64(1);
            KeyValue? item;
            if (id <= revision)
            {
                item = reader.GetInt64(2) != 0 ? null : new KeyValue(name, reader.GetFieldValue<byte[]>(4), reader.GetInt64(3), id);
            }
            else
            {
                // Changed since the revision asked for: look its state up in the history.
                item = Get(name, revision);
            }

            if (item is null)
            {
                continue;
            }

            if (limit > 0 && items.Count == limit)
            {
                return (items, true);
            }

            items.Add(item);
        }

        return (items, false);
    }

    public long Count(string prefix)
    {
        _count.Parameters[0].Value = prefix;
        _count.Parameters[1].Value = StorageKeys.PrefixEnd(prefix);
        return (long)_count.ExecuteScalar()!;
    }

    /// <summary>Up to <see cref="HistoryChunk"/> changes under the prefix with revisions in [from, to].</summary>
    public List<WatchEvent> History(string prefix, long fromRevision, long toRevision)
    {
        _history.Parameters[0].Value = fromRevision;
        _history.Parameters[1].Value = toRevision;
        _history.Parameters[2].Value = prefix;
        _history.Parameters[3].Value = StorageKeys.PrefixEnd(prefix);
        var events = new List<WatchEvent>();
        using var reader = _history.ExecuteReader();
        while (reader.Read())
        {
            var revision = reader.GetInt64(0);
            var key = reader.GetString(1);
            var previous = reader.IsDBNull(5) ? null : new KeyValue(key, reader.GetFieldValue<byte[]>(7), reader.GetInt64(6), reader.GetInt64(5));
            if (reader.GetInt64(3) != 0)
            {
                events.Add(new WatchEvent(WatchEventType.Deleted, key, revision, null, previous));
                continue;
            }

            var current = new KeyValue(key, reader.GetFieldValue<byte[]>(4), reader.GetInt64(2), revision);
            events.Add(new WatchEvent(previous is null ? WatchEventType.Created : WatchEventType.Modified, key, revision, current, previous));
        }

        return events;
    }

    public void Dispose()
    {
        _get.Dispose();
        _list.Dispose();
        _count.Dispose();
        _history.Dispose();
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
}
