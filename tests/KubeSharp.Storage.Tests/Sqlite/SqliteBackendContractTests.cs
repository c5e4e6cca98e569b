using KubeSharp.Storage.Sqlite;
using KubeSharp.TestSupport;

namespace KubeSharp.Storage.Tests.Sqlite;

public sealed class SqliteBackendContractTests : StorageContractTests, IDisposable
{
    private readonly TempDirectory _directory = new("sqlite-contract");

    protected override Task<(IStorageBackend Store, string Prefix)> CreateStoreAsync(StorageOptions options) =>
        Task.FromResult<(IStorageBackend, string)>((SqliteBackend.Open(_directory.File($"{Guid.NewGuid():N}.db"), options, new SqliteOptions { Compaction = null }), "/test/"));

    public void Dispose() => _directory.Dispose();
}
