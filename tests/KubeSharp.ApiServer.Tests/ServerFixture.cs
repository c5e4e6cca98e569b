using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests;

/// <summary>
/// One real server per test class; tests keep apart by namespace. The workload controllers and the
/// scheduler are off: these tests look at what the API server itself stores and answers.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public Kubectl Kubectl => Server.Kubectl;

    public const string WorkloadControllers = "replicaset,deployment,garbagecollector,endpoint,endpointslice,nodelifecycle,nodeipam,podgc";

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync("--disable", WorkloadControllers, "--disable-scheduler");

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Kubectl.OkAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}}}\n");
        return name;
    }
}
