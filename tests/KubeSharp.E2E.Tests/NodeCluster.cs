using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>
/// One real node for a collection of tests: `kubesharp server` with its agent (kubelet and a private
/// containerd) inside the lab network namespace. Disposing deletes the pods, stops the server and
/// runs `kubesharp killall` for this node, which removes its containers, mounts, cgroups, bridge and routes.
/// </summary>
public sealed class NodeCluster : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>The server's load-balancer pool: outside every range of the lab, reached by clients through the node.</summary>
    public const string LoadBalancerPool = "192.168.229.240/28";

    public const string LoadBalancerPoolPrefix = "192.168.229.";

    private ServerProcess? _server;

    public string NodeName { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public ServerProcess Server => _server ?? throw new InvalidOperationException("not started");

    public Kubectl Kubectl => Server.Kubectl;

    public async Task InitializeAsync()
    {
        LabNamespace.Require();
        _server = await ServerProcess.StartNodeAsync(NodeName, "--lb-pool", LoadBalancerPool);
        await WaitForNodeReadyAsync();
    }

    public Task WaitForNodeReadyAsync() => Wait.UntilAsync(
        async () => await JsonPathAsync($"node {NodeName}", "{.status.conditions[?(@.type==\"Ready\")].status}") == "True",
        TimeSpan.FromMinutes(3),
        $"node {NodeName} Ready; server output:\n{_server?.Output}");

    /// <summary>One field of an object through kubectl's jsonpath ("" when it is missing).</summary>
    public async Task<string> JsonPathAsync(string target, string path)
    {
        var result = await Kubectl.RunAsync($"get {target} -o jsonpath={path}");
        return result.ExitCode == 0 ? result.Output.Trim() : string.Empty;
    }

    public Task ApplyAsync(string yaml) => Kubectl.OkAsync("apply -f -", yaml);

    /// <summary>Waits until the pod's field equals <paramref name="expected"/>.</summary>
    public Task WaitForAsync(string pod, string path, string expected, TimeSpan? timeout = null) => Wait.UntilAsync(
        async () => await JsonPathAsync("pod " + pod, path) == expected,
        timeout ?? Patience,
        $"pod {pod} {path} = {expected}");

    public async Task DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        await Kubectl.RunAsync("delete pods --all --all-namespaces --grace-period=1 --wait=true", timeout: TimeSpan.FromMinutes(2));
        await _server.StopAsync();
        using (var killall = KubeSharpProcess.Start("killall", "--data-dir", _server.DataDirectory, "--node-name", NodeName))
        {
            var exit = await killall.WaitForExitAsync(TimeSpan.FromMinutes(2));
            if (exit != 0)
            {
                throw new InvalidOperationException($"kubesharp killall failed:\n{killall.Output}");
            }
        }

        await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeCluster>
{
    public const string Name = "node";
}
