using System.Security.Cryptography;
using System.Text;
using KubeSharp.Storage.Sqlite;
using KubeSharp.TestSupport;
using Microsoft.Data.Sqlite;

namespace KubeSharp.Storage.Tests.Sqlite;

public sealed class SqliteBackendTests : IDisposable
{
    private static readonly SqliteOptions NoCompaction = new() { Compaction = null };
    private readonly TempDirectory _directory = new("sqlite");

    private string DbPath => _directory.File("state.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reopening_keeps_every_key_and_the_revision()
    {
        long revision;
        await using (var store = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction))
        {
            var a = await store.CreateAsync("/k/a", "1"u8.ToArray(), default);
            await store.UpdateAsync("/k/a", "2"u8.ToArray(), a.Revision, default);
            var b = await store.CreateAsync("/k/b", "b"u8.ToArray(), default);
            revision = (await store.DeleteAsync("/k/b", b.Revision, default)).Revision;
        }

        await using var reopened = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction);
        Assert.Equal(revision, await reopened.GetCurrentRevisionAsync(default));
        Assert.Equal("2", Encoding.UTF8.GetString((await reopened.GetAsync("/k/a", 0, default))!.Value));
        Assert.Null(await reopened.GetAsync("/k/b", 0, default));
        Assert.Equal(revision + 1, (await reopened.CreateAsync("/k/c", "c"u8.ToArray(), default)).Revision);
    }

    [Fact]
    public async Task A_watcher_that_does_not_read_is_cut_off_and_writers_go_on()
    {
        await using var store = SqliteBackend.Open(DbPath, new StorageOptions { WatchBufferSize = 10 }, NoCompaction);
        var slow = store.Watch("/k/", 0, default);

        for (var i = 0; i < 50; i++)
        {
            Assert.True((await store.CreateAsync($"/k/{i}", "v"u8.ToArray(), default)).Succeeded);
        }

        var error = await Assert.ThrowsAsync<WatchClosedException>(async () =>
        {
            while (await slow.WaitToReadAsync())
            {
                slow.TryRead(out _);
            }
        });
        Assert.Contains("fell more than 10 events behind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_as_it_is()
    {
        await File.WriteAllTextAsync(DbPath, "this is somebody's notes, not a database\n");
        var before = Hash(DbPath);

        var error = Assert.Throws<StorageOpenException>(() => SqliteBackend.Open(DbPath));

        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public async Task A_foreign_sqlite_database_is_refused_and_left_as_it_is()
    {
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice');";
            command.ExecuteNonQuery();
        }

        var before = Hash(DbPath);

        var error = Assert.Throws<StorageOpenException>(() => SqliteBackend.Open(DbPath));

        Assert.Contains("is not a KubeSharp store (its tables: users)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public async Task A_corrupt_store_is_refused_and_not_reset()
    {
        await using (var store = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction))
        {
            for (var i = 0; i < 2000; i++)
            {
                await store.CreateAsync($"/k/{i:D5}", new byte[200], default);
            }
        }

        // Overwrite a page in the middle of the file with garbage, past the header.
        await using (var file = new FileStream(DbPath, FileMode.Open, FileAccess.Write))
        {
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        var before = Hash(DbPath);

        var error = Assert.Throws<StorageOpenException>(() => SqliteBackend.Open(DbPath));

        Assert.Contains("left as it is", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public async Task A_store_in_use_by_another_process_is_refused()
    {
        await using var first = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction);
        await first.CreateAsync("/k/a", "v"u8.ToArray(), default);

        // The second opener runs in another process so the kernel's lock is really contended.
        var result = await RunCrashWriterAsync("open", DbPath);

        Assert.Contains("in use by another process", result, StringComparison.Ordinal);
        Assert.NotNull(await first.GetAsync("/k/a", 0, default));
    }

    [Fact]
    public async Task Compaction_keeps_the_file_from_growing_under_steady_updates()
    {
        await using var store = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction);
        var revisions = new long[100];
        for (var i = 0; i < revisions.Length; i++)
        {
            revisions[i] = (await store.CreateAsync($"/k/{i:D3}", new byte[1024], default)).Revision;
        }

        long sizeAfterFirstRound = 0;
        for (var round = 0; round < 6; round++)
        {
            for (var update = 0; update < 20; update++)
            {
                for (var i = 0; i < revisions.Length; i++)
                {
                    revisions[i] = (await store.UpdateAsync($"/k/{i:D3}", new byte[1024], revisions[i], default)).Revision;
                }
            }

            await store.CompactAsync(await store.GetCurrentRevisionAsync(default), default);
            var size = new FileInfo(DbPath).Length + new FileInfo(DbPath + "-wal").Length;
            if (round == 0)
            {
                sizeAfterFirstRound = size;
            }
            else
            {
                Assert.True(size <= sizeAfterFirstRound * 1.25, $"round {round}: {size} bytes, first round {sizeAfterFirstRound}");
            }
        }

        Assert.Equal(100, await store.CountAsync("/k/", default));
    }

    [Fact]
    public async Task Every_write_acknowledged_before_a_kill_9_survives_it()
    {
        using var writer = CrashWriter.Start(DbPath);
        var acknowledged = await writer.WaitForAcknowledgementsAsync(3000, TimeSpan.FromSeconds(60));
        writer.Kill();

        await using var store = SqliteBackend.Open(DbPath, sqliteOptions: NoCompaction);
        var highest = 0L;
        foreach (var (key, revision) in writer.Acknowledged)
        {
            var stored = await store.GetAsync(key, 0, default);
            Assert.True(stored is not null, $"{key} was acknowledged at revision {revision} but is gone");
            Assert.Equal(revision, stored.ModRevision);
            highest = Math.Max(highest, revision);
        }

        Assert.True(acknowledged >= 3000);
        var next = await store.CreateAsync("/after/crash", "v"u8.ToArray(), default);
        Assert.True(next.Revision > highest, $"revision went back: {next.Revision} after {highest}");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<string> RunCrashWriterAsync(params string[] arguments)
    {
        using var process = CrashWriter.StartProcess(arguments);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
