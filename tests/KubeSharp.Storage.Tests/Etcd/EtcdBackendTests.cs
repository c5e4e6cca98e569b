using KubeSharp.Storage.Etcd;

namespace KubeSharp.Storage.Tests.Etcd;

public sealed class EtcdBackendTests(EtcdClusterFixture etcd) : StorageContractTests, IClassFixture<EtcdClusterFixture>
{
    protected override async Task<(IStorageBackend Store, string Prefix)> CreateStoreAsync(StorageOptions options)
    {
        var store = await EtcdBackend.ConnectAsync(EtcdOptions.Parse(etcd.Cluster.Endpoints), options);
        return (store, $"/test/{Guid.NewGuid():N}/");
    }

    [Fact]
    public async Task Connecting_to_nothing_fails_with_a_clear_error()
    {
        var options = EtcdOptions.Parse($"http://127.0.0.1:{KubeSharp.TestSupport.FreePort.Next()}") with { RequestTimeout = TimeSpan.FromMilliseconds(500) };

        var error = await Assert.ThrowsAsync<StorageOpenException>(() => EtcdBackend.ConnectAsync(options));

        Assert.Contains("cannot reach etcd", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:2379")]
    [InlineData("https://127.0.0.1:2379")]
    public void Malformed_endpoints_are_refused(string endpoints)
    {
        Assert.Throws<StorageOpenException>(() => EtcdOptions.Parse(endpoints));
    }
}
