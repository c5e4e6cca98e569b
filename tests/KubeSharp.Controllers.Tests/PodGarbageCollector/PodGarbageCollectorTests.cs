using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.PodGarbageCollector;

/// <summary>The pod garbage collector in a real `kubesharp server` (no agent, so no nodes at all).</summary>
public sealed class PodGarbageCollectorTests : IAsyncLifetime
{
    /// <summary>A pass every 20 s and a 40 s quarantine before the node is asked for: up to about 80 s, with room to spare.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_pod_bound_to_a_node_that_does_not_exist_is_deleted()
    {
        var kubectl = _server.Kubectl;
        await kubectl.OkAsync("apply -f -", "apiVersion: v1\nkind: Pod\nmetadata: {name: stranded}\nspec: {nodeName: no-such-node, containers: [{name: c, image: 'localhost/busybox:1.35'}]}\n");
        Assert.Contains("pod/stranded", await kubectl.OkAsync("get pod stranded -o name"), StringComparison.Ordinal);

        await Wait.UntilAsync(
            async () => (await kubectl.OkAsync("get pod stranded --ignore-not-found -o name")).Trim().Length == 0,
            Patience,
            "the pod on a missing node to be deleted");
    }
}
