using k8s;
using k8s.Models;
using KubeSharp.Simulator;
using KubeSharp.TestSupport;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>
/// A real `kubesharp server` with two simulated nodes (pods there become Running and Ready with an
/// IP) and a namespace of its own, for end-to-end tests of the endpoint controllers.
/// </summary>
internal sealed class EndpointCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string HoldFinalizer = "kubesharp.test/hold";

    private readonly SimulatorRun _nodes;

    private EndpointCluster(ServerProcess server, Kubernetes client, SimulatorRun nodes, string ns)
    {
        Server = server;
        Client = client;
        _nodes = nodes;
        Namespace = ns;
    }

    public ServerProcess Server { get; }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public static async Task<EndpointCluster> StartAsync()
    {
        var server = await ServerProcess.StartAsync();
        Kubernetes? client = null;
        SimulatorRun? nodes = null;
        try
        {
            client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
            var ns = $"ep-{Guid.NewGuid():N}"[..12];
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            nodes = new SimulatorRun(client, new SimulatorOptions
            {
                Nodes = 2,
                DeleteNodesOnExit = true,
                PodStartDelay = TimeSpan.Zero,
                HeartbeatInterval = TimeSpan.FromSeconds(5),
                MaxGrace = TimeSpan.FromSeconds(1),
            });
            await nodes.Simulator.Ready.WaitAsync(Patience);
            return new EndpointCluster(server, client, nodes, ns);
        }
        catch
        {
            if (nodes is not null)
            {
                await nodes.DisposeAsync();
            }

            client?.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A pod labelled app=web serving container port "http" 8080; returns its IP once it runs.</summary>
    public async Task<string> RunPodAsync(string name)
    {
        await Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "server",
                            Image = "localhost/echo:1",
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
                        },
                    ],
                },
            },
            Namespace);
        string? ip = null;
        await Wait.UntilAsync(
            async () =>
            {
                var pod = await Client.CoreV1.ReadNamespacedPodAsync(name, Namespace);
                ip = pod.Status?.Phase == "Running" ? pod.Status.PodIP : null;
                return !string.IsNullOrEmpty(ip);
            },
            Patience,
            $"pod {name} to run");
        return ip!;
    }

    /// <summary>A Service "web" selecting app=web, port 80 named http sending to the pods' "http" port.</summary>
    public Task CreateServiceAsync(bool publishNotReadyAddresses = false) => Client.CoreV1.CreateNamespacedServiceAsync(
        new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["tier"] = "frontend" } },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "web" },
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }],
                PublishNotReadyAddresses = publishNotReadyAddresses,
            },
        },
        Namespace);

    /// <summary>What a kubelet's failing readiness probe would post: the pod's Ready condition False (a strategic merge by type).</summary>
    public Task SetNotReadyAsync(string pod) => Client.CoreV1.PatchNamespacedPodStatusAsync(
        new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"False","reason":"ReadinessProbeFailed"}]}}""", V1Patch.PatchType.StrategicMergePatch),
        pod,
        Namespace);

    /// <summary>Deletes the pod but holds it in Terminating with a finalizer of the test's own, until <see cref="ReleaseAsync"/>.</summary>
    public async Task DeleteAndHoldAsync(string pod)
    {
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch($$$"""{"metadata":{"finalizers":["{{{HoldFinalizer}}}"]}}""", V1Patch.PatchType.StrategicMergePatch), pod, Namespace);
        await Client.CoreV1.DeleteNamespacedPodAsync(pod, Namespace);
    }

    public Task ReleaseAsync(string pod) =>
        Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), pod, Namespace);

    public async Task<V1Endpoints?> EndpointsAsync(string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedEndpointsAsync(name, Namespace);
        }
        catch (k8s.Autorest.HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The Service's EndpointSlices, found by their service-name label.</summary>
    public async Task<IList<V1EndpointSlice>> SlicesAsync(string service) =>
        (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Namespace, labelSelector: "kubernetes.io/service-name=" + service)).Items;

    /// <summary>Every endpoint of the Service's slices, by the name of the pod it stands for.</summary>
    public async Task<Dictionary<string, V1Endpoint>> SliceEndpointsAsync(string service) =>
        (await SlicesAsync(service)).SelectMany(slice => slice.Endpoints ?? []).ToDictionary(endpoint => endpoint.TargetRef.Name, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
