using KubeSharp.TestSupport;

namespace KubeSharp.Storage.Tests.Etcd;

/// <summary>One real etcd member shared by a test class; tests keep apart by key prefix.</summary>
public sealed class EtcdClusterFixture : IAsyncLifetime
{
    public EtcdCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await EtcdCluster.StartAsync(1);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
