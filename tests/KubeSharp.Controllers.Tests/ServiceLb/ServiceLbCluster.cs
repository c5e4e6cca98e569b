using k8s;
using k8s.Models;
using KubeSharp.Client.Informers;
using KubeSharp.Controllers.ServiceLb;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Controllers.Tests.ServiceLb;

/// <summary>
/// A real `kubesharp server` without its controller manager, a namespace of its own, and the
/// service load-balancer controller run here with the pool a test chooses, stopped and started
/// again at will (a restart is a new controller with fresh informers).
/// </summary>
internal sealed class ServiceLbCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private CancellationTokenSource? _stop;
    private Task? _running;

    private ServiceLbCluster(ServerProcess server, Kubernetes client, string ns)
    {
        Server = server;
        Client = client;
        Namespace = ns;
    }

    public ServerProcess Server { get; }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public static async Task<ServiceLbCluster> StartAsync()
    {
        // No controller manager: the only controller acting on Services is the one the test runs.
        var server = await ServerProcess.StartAsync("--disable-controller-manager", "--disable-scheduler");
        Kubernetes? client = null;
        try
        {
            client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
            var ns = $"lb-{Guid.NewGuid():N}"[..12];
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
            return new ServiceLbCluster(server, client, ns);
        }
        catch
        {
            client?.Dispose();
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a new controller (and its own informers) with the given pool until <see cref="StopControllerAsync"/>.</summary>
    public void StartController(string? pool)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("the controller is already running");
        }

        var informers = new SharedInformerFactory(Client, TimeProvider.System, NullLoggerFactory.Instance);
        var controller = new ServiceLbController(new ControllerContext(
            Client, informers, TimeProvider.System, NullLoggerFactory.Instance, new ControllerOptions { LoadBalancerPool = pool, Workers = 3 }));
        _stop = new CancellationTokenSource();
        _running = Task.WhenAll(controller.RunAsync(_stop.Token), informers.RunAsync(_stop.Token));
    }

    public async Task StopControllerAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped before the informers had synced.
        }

        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    /// <summary>A LoadBalancer Service with one port, optionally asking for an address or of another class.</summary>
    public Task<V1Service> CreateServiceAsync(string name, string? annotatedIp = null, string? loadBalancerIp = null, string? loadBalancerClass = null) =>
        Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Annotations = annotatedIp is null ? null : new Dictionary<string, string> { [ServiceLbController.LoadBalancerIpAnnotation] = annotatedIp },
                },
                Spec = new V1ServiceSpec
                {
                    Type = "LoadBalancer",
                    LoadBalancerIP = loadBalancerIp,
                    LoadBalancerClass = loadBalancerClass,
                    Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080 }],
                },
            },
            Namespace);

    public Task<V1Service> ReadServiceAsync(string name) => Client.CoreV1.ReadNamespacedServiceAsync(name, Namespace);

    /// <summary>What another load-balancer implementation (or a restore) would write: status.loadBalancer.ingress with one IP.</summary>
    public Task<V1Service> WriteIngressAsync(string name, string ip) => Client.CoreV1.PatchNamespacedServiceStatusAsync(
        new V1Patch("""{"status":{"loadBalancer":{"ingress":[{"ip":""" + "\"" + ip + "\"" + """}]}}}""", V1Patch.PatchType.MergePatch),
        name,
        Namespace);

    public async Task<List<string>> IngressIpsAsync(string name) =>
        [.. ((await ReadServiceAsync(name)).Status?.LoadBalancer?.Ingress ?? []).Select(entry => entry.Ip)];

    /// <summary>Waits until the Service shows exactly this one IP, as a virtual IP.</summary>
    public async Task WaitForIngressAsync(string name, string ip) => await Wait.UntilAsync(
        async () =>
        {
            var ingress = (await ReadServiceAsync(name)).Status?.LoadBalancer?.Ingress ?? [];
            return ingress.Count == 1 && ingress[0].Ip == ip && ingress[0].IpMode == "VIP";
        },
        Patience,
        $"{name} to show {ip}");

    /// <summary>The events about the Service, those with one reason if given.</summary>
    public async Task<List<Corev1Event>> EventsAsync(string service, string? reason = null) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == service && (reason is null || e.Reason == reason))];

    /// <summary>Waits for an event about the Service with this reason and returns it.</summary>
    public async Task<Corev1Event> WaitForEventAsync(string service, string reason)
    {
        Corev1Event? found = null;
        await Wait.UntilAsync(async () => (found = (await EventsAsync(service, reason)).FirstOrDefault()) is not null, Patience, $"a {reason} event for {service}");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
