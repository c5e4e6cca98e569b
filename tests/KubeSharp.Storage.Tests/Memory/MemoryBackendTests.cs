using KubeSharp.Storage.Memory;

namespace KubeSharp.Storage.Tests.Memory;

public sealed class MemoryBackendTests : StorageContractTests
{
    protected override Task<(IStorageBackend Store, string Prefix)> CreateStoreAsync(StorageOptions options) =>
        Task.FromResult<(IStorageBackend, string)>((new MemoryBackend(options), "/test/"));
}
