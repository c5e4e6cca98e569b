using KubeSharp.Storage;
using KubeSharp.Storage.Etcd;
using KubeSharp.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>Chooses the store as k3s does: SQLite in the data dir unless --datastore-endpoint names etcd.</summary>
internal static class StoreFactory
{
    public static async Task<IStorageBackend> OpenAsync(string dataDirectory, string? datastoreEndpoint, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(datastoreEndpoint))
        {
            return SqliteBackend.Open(Path.Combine(dataDirectory, "server", "db", "state.db"), loggers: loggers);
        }

        return await EtcdBackend.ConnectAsync(EtcdOptions.Parse(datastoreEndpoint), cancellationToken: cancellationToken);
    }

    public static string Describe(IStorageBackend store) => store switch
    {
        SqliteBackend sqlite => $"sqlite at {sqlite.Path}",
        EtcdBackend => "etcd",
        _ => store.GetType().Name,
    };
}
