using KubeSharp.Storage;
using KubeSharp.Storage.Sqlite;

// A helper process for the storage crash tests:
//   write PATH  writes new keys from 16 writers until killed, printing "ack KEY REVISION" for each acknowledged one;
//   open PATH   tries to open the store and prints the error (or "opened").
if (args is not [var command, var path])
{
    Console.Error.WriteLine("usage: CrashWriter write|open PATH");
    return 2;
}

if (command == "open")
{
    try
    {
        await using var opened = SqliteBackend.Open(path, sqliteOptions: new SqliteOptions { Compaction = null });
        Console.WriteLine("opened");
    }
    catch (StorageOpenException error)
    {
        Console.WriteLine(error.Message);
    }

    return 0;
}

var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();
await using var store = SqliteBackend.Open(path, sqliteOptions: new SqliteOptions { Compaction = null });
var value = new byte[128];
var counter = 0;
await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var key = $"/crash/{Interlocked.Increment(ref counter):D8}";
        var result = await store.CreateAsync(key, value, default);
        lock (gate)
        {
            output.WriteLine($"ack {key} {result.Revision}");
        }
    }
})));
return 0;
