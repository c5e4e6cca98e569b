using System.Runtime.InteropServices;
using KubeSharp.CommandLine;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// <c>kubesharp server</c>: the control plane. For now it opens the store (SQLite by default, etcd
/// with --datastore-endpoint) and keeps it running until SIGINT/SIGTERM; the API server and the
/// other components are composed here as they land.
/// </summary>
internal static partial class ServerCommand
{
    public const string Usage = """
        kubesharp server [flags]
          --data-dir DIR              where the cluster keeps its state (default /var/lib/kubesharp)
          --datastore-endpoint URLS   etcd members, e.g. http://127.0.0.1:2379,http://127.0.0.1:2380
                                      (default: the embedded SQLite store in the data dir)
        """;

    private static readonly HashSet<string> ValueFlags = ["data-dir", "datastore-endpoint"];
    private static readonly HashSet<string> BooleanFlags = [];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, BooleanFlags);
        var dataDirectory = Path.GetFullPath(flags.Get("data-dir", "/var/lib/kubesharp"));
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("server");
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        try
        {
            await using var store = await StoreFactory.OpenAsync(dataDirectory, flags.Get("datastore-endpoint"), loggers, stopping.Token);
            LogStoreReady(logger, StoreFactory.Describe(store), await store.GetCurrentRevisionAsync(stopping.Token));
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopping(logger);
            return 0;
        }
        catch (StorageException error)
        {
            LogStoreFailed(logger, error.Message);
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "store ready ({Store}, revision {Revision})")]
    private static partial void LogStoreReady(ILogger logger, string store, long revision);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string reason);
}
