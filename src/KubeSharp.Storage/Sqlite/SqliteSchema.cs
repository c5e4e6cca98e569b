using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Sqlite;

/// <summary>
/// The table layout (kine's, the reference for etcd on SQL): one row per revision; a key's current
/// value is its row with the highest id; a deletion is a tombstone row; prev_revision links a row to
/// the one it replaced, which gives watch events their previous value. kv_current points at each
/// key's newest row (tombstones included until compaction), so listing the present state reads one
/// row per key however deep the history is.
/// Opening refuses anything that is not our store rather than resetting it.
/// </summary>
internal static class SqliteSchema
{
    public const string SchemaVersion = "kubesharp-store/1";

    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    public static SqliteConnection OpenConnection(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000");
        Execute(connection, readOnly ? "PRAGMA query_only = 1" : "PRAGMA synchronous = FULL");
        return connection;
    }

    /// <summary>Checks or creates the database at <paramref name="path"/>; returns (revision, compacted).</summary>
    public static (long Revision, long Compacted) OpenOrCreate(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            CheckMagic(path);
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000");
            var tables = Tables(connection);
            if (tables.Count == 0)
            {
                // A new file (or one whose creation never committed): nothing to lose.
                Create(connection);
            }
            else
            {
                CheckSchema(connection, tables, path);
            }

            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA journal_size_limit = 67108864");
            var check = Scalar(connection, "PRAGMA quick_check") as string;
            if (check != "ok")
            {
                throw new StorageOpenException($"the store at {path} is corrupt (SQLite quick_check: {check}); it was left as it is");
            }

            var compacted = Convert.ToInt64(Scalar(connection, "SELECT value FROM meta WHERE key = 'compacted'") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            var maxId = Scalar(connection, "SELECT MAX(id) FROM kv") is long id ? id : 0L;
            return (Math.Max(maxId, compacted), compacted);
        }
        catch (SqliteException error)
        {
            throw new StorageOpenException($"the store at {path} cannot be opened: {error.Message}; it was left as it is", error);
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static void CheckMagic(string path)
    {
        var header = new byte[SqliteMagic.Length];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteMagic))
        {
            throw new StorageOpenException($"{path} is not a KubeSharp store: it is not a SQLite database; it was left as it is");
        }
    }

    private static void Create(SqliteConnection connection)
    {
        // auto_vacuum must be chosen before the first table; it lets compaction give space back.
        Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL");
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, "PRAGMA synchronous = FULL");
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            CREATE TABLE kv (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                deleted INTEGER NOT NULL,
                create_revision INTEGER NOT NULL,
                prev_revision INTEGER NOT NULL,
                value BLOB
            );
            CREATE INDEX kv_name_id ON kv (name, id DESC);
            CREATE TABLE kv_current (name TEXT PRIMARY KEY, id INTEGER NOT NULL, deleted INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
            """);
        Execute(connection, $"INSERT INTO meta (key, value) VALUES ('schema', '{SchemaVersion}'), ('compacted', 0)");
        transaction.Commit();
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        var tables = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static void CheckSchema(SqliteConnection connection, List<string> tables, string path)
    {
        if (!tables.Contains("meta") || !tables.Contains("kv") || !tables.Contains("kv_current"))
        {
            throw new StorageOpenException($"{path} is not a KubeSharp store (its tables: {string.Join(", ", tables)}); it was left as it is");
        }

        var schema = Scalar(connection, "SELECT value FROM meta WHERE key = 'schema'") as string;
        if (schema != SchemaVersion)
        {
            throw new StorageOpenException($"{path} holds store schema '{schema}', not '{SchemaVersion}'; it was left as it is");
        }
    }
}
