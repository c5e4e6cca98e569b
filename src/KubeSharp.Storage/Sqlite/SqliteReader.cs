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
            "SELECT name, id, create_revision, deleted, value FROM kv WHERE name >= $start AND name < $end AND name > $after AND id <= $rev ORDER BY name, id DESC",
            "$start", "$end", "$after", "$rev");
        _count = Prepare(
            "SELECT COUNT(*) FROM (SELECT MAX(id) AS id FROM kv WHERE name >= $start AND name < $end GROUP BY name) latest JOIN kv ON kv.id = latest.id WHERE kv.deleted = 0",
            "$start", "$end");
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
        _list.Parameters[3].Value = revision;
        var items = new List<KeyValue>();
        using var reader = _list.ExecuteReader();
        string? previous = null;
        while (reader.Read())
        {
            // Rows come newest first within a key: the first is the key's state at the revision.
            var name = reader.GetString(0);
            if (name == previous)
            {
                continue;
            }

            previous = name;
            if (reader.GetInt64(3) != 0)
            {
                continue;
            }

            if (limit > 0 && items.Count == limit)
            {
                return (items, true);
            }

            items.Add(new KeyValue(name, reader.GetFieldValue<byte[]>(4), reader.GetInt64(2), reader.GetInt64(1)));
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
