using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using k8s;
using k8s.Models;
using KubeSharp.Client.Events;
using KubeSharp.Client.Informers;
using KubeSharp.Kubelet.Containerd;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Images;
using KubeSharp.Kubelet.Logs;
using KubeSharp.Kubelet.Network;
using KubeSharp.Kubelet.Nodes;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Pods.Environment;
using KubeSharp.Kubelet.Prober;
using KubeSharp.Kubelet.Server;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using KubeSharp.Kubelet.Status;
using KubeSharp.Kubelet.Volumes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet;

/// <summary>
/// The node agent: starts (or joins) containerd, imports the built-in images, registers the Node and
/// keeps its status and Lease fresh, sets up the pod network once node IPAM gives the node a pod
/// CIDR, then runs the pods bound to this node. Stopping the kubelet leaves running pods alone: a
/// restarted kubelet adopts them.
/// </summary>
internal sealed partial class Kubelet
{
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;
    private readonly X509Certificate2Collection _clusterAuthorities;
    private readonly KubeletOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _networkReady;
    private volatile KubeletServer? _server;

    /// <param name="clusterAuthorities">The cluster CA (from the kubelet's kubeconfig): only clients it signed may call the kubelet.</param>
    internal Kubelet(IKubernetes client, X509Certificate2Collection? clusterAuthorities, KubeletOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _client = client;
        _clusterAuthorities = clusterAuthorities is { Count: > 0 }
            ? clusterAuthorities
            : throw new ArgumentException("the kubelet's kubeconfig names no certificate authority; the kubelet needs the cluster CA to check who calls it", nameof(clusterAuthorities));
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("kubelet");
    }

    /// <summary>Completes when the node is registered, its network is set up and pods are being run.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Serves a request of the API server in this same process (logs, exec, attach, port-forward) as the
    /// kubelet's HTTPS server would; 503 while that server is not up.
    /// </summary>
    public Task ServeInProcessAsync(HttpContext context, CancellationToken cancellationToken) =>
        _server is { } server
            ? server.HandleInProcessAsync(context, cancellationToken)
            : KubeletStatus.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"the kubelet of node \"{_options.NodeName}\" is not serving yet", cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunCoreAsync(cancellationToken);
        }
        catch (Exception error)
        {
            _ready.TrySetException(error);
            throw;
        }
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        await HostRequirements.EnsureAsync(_logger, cancellationToken);
        if (HostRequirements.CgroupProblem() is { } cgroupProblem)
        {
            throw new InvalidOperationException(cgroupProblem);
        }

        Directory.CreateDirectory(_options.PodsDir);
        Directory.CreateDirectory(_options.PodLogsDir);
        Directory.CreateDirectory(_options.CniConfDir);

        var registries = RegistryConfig.Load(_options.PrivateRegistry);
        ManagedContainerd? containerd = null;
        var endpoint = _options.ContainerRuntimeEndpoint;
        if (endpoint is null)
        {
            // containerd reads the hosts files on every pull: mirrors apply without a restart.
            registries.WriteHostsDirectory(_options.RegistryHostsDir);
            containerd = await ManagedContainerd.StartAsync(ContainerdOptionsFor(_options), _loggers, _time, cancellationToken);
            endpoint = containerd.Endpoint;
        }

        try
        {
            using var cri = CriClient.Connect(endpoint);
            var version = await cri.WaitReadyAsync(TimeSpan.FromSeconds(30), _time, cancellationToken);
            LogRuntime(_logger, version.RuntimeName, version.RuntimeVersion, endpoint);
            await ImageImporter.EnsureBuiltinAsync(cri, SocketPath(endpoint), _options.ImagesCacheDir, _logger, cancellationToken);
            await RunNodeAsync(cri, version, registries, cancellationToken);
        }
        finally
        {
            if (containerd is not null)
            {
                // containerd goes, the containers stay: their shims keep them running for the next start.
                await containerd.StopAsync(CancellationToken.None);
            }
        }
    }

    private async Task RunNodeAsync(CriClient cri, VersionResponse version, RegistryConfig registries, CancellationToken cancellationToken)
    {
        await using var recorder = new EventRecorder(_client, "kubelet", _options.NodeName, _time, _logger);
        var events = new PodEvents(recorder);
        var nodeStatus = new NodeStatusManager(
            _client,
            new NodeStatusOptions
            {
                NodeName = _options.NodeName,
                Labels = _options.NodeLabels,
                Taints = _options.NodeTaints,
                NodeIp = _options.NodeIp,
                RootDir = _options.RootDir,
                KubeReserved = _options.KubeReserved,
                SystemReserved = _options.SystemReserved,
                UpdateFrequency = _options.NodeStatusUpdateFrequency,
                KubeletPort = _options.KubeletPort,
            },
            ct => RuntimeStateAsync(cri, version, ct),
            _time,
            _loggers.CreateLogger("kubelet.node"));
        await nodeStatus.RegisterAsync(cancellationToken);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nodeLoop = nodeStatus.RunAsync(stopping.Token);

        var podCidr = await nodeStatus.WaitForPodCidrAsync(cancellationToken);
        await NodeNetwork.SetUpAsync(
            new NodeNetworkOptions { BridgeName = _options.BridgeName, PodCidr = podCidr, ClusterCidr = _options.ClusterCidr, ServiceCidr = _options.ServiceCidr },
            cancellationToken);
        await CniConfig.WriteAsync(_options.CniConfDir, _options.CniNetworkName, _options.BridgeName, podCidr, Path.Combine(_options.RootDir, "cni", "ipam"), cancellationToken);
        _networkReady = true;
        nodeStatus.Trigger();

        var node = new NodeContext(new PodDnsOptions { ClusterDns = _options.ClusterDns, ClusterDomain = _options.ClusterDomain });
        var objects = new ApiPodObjectSource(_client);
        var volumes = new VolumeManager(_options.PodsDir, objects, _time, _loggers.CreateLogger("kubelet.volumes"));
        UpdateNodeContext(node, volumes, nodeStatus.Current);
        var killer = new ContainerKiller(cri, events, _time, _logger);
        var reader = new RuntimePodReader(cri);
        ProbeManager? prober = null;
        var syncer = new PodSyncer(
            cri, reader, volumes, new ImagePuller(cri, objects, registries, _time), killer, objects, node, _options, events,
            (uid, name, id) => prober?.IsStarted(uid, name, id), _time, _logger);
        var status = new StatusManager(_client, _time, _logger);
        PodWorkers? workers = null;
        using var probes = prober = new ProbeManager(new LateTargets(() => workers), new CriExecProber(cri), _time, _loggers.CreateLogger("kubelet.prober"));
        workers = new PodWorkers(cri, syncer, killer, reader, status, probes, volumes, _client, node, _options, _time, _logger, stopping.Token);
        probes.OnLivenessFailure = failure =>
        {
            syncer.FailedLiveness[failure.ContainerId] = failure.Message;
            workers.Wake(failure.PodUid);
        };
        probes.OnReadinessChanged = workers.Wake;
        probes.OnProbeWarning = warning =>
        {
            if (workers.Get(warning.PodUid) is { } pod)
            {
                events.Record(pod, EventTypes.Warning, warning.Reason, warning.Message);
            }
        };

        var streaming = new PodStreamingSource(cri, workers, reader);
        var stats = new StatsProvider(streaming, _time, _loggers.CreateLogger("kubelet.stats"));
        var streamLogger = _loggers.CreateLogger("kubelet.streams");
        await using var server = await KubeletServer.StartAsync(
            new KubeletServerOptions
            {
                Port = _options.KubeletPort,
                ClientCertificateAuthorities = _clusterAuthorities,
                CertificateDirectory = Path.Combine(_options.RootDir, "tls"),
                NodeName = _options.NodeName,
                Addresses = [.. new[] { node.HostIp, "127.0.0.1" }.Select(IPAddress.Parse).Distinct()],
            },
            streaming,
            new ContainerLogsHandler(streaming, _time, streamLogger),
            new RemoteCommandHandler(streaming, _time, streamLogger),
            new PortForwardHandler(streaming, _time, streamLogger),
            stats,
            _loggers,
            cancellationToken);
        var rotation = new ContainerLogRotation(streaming, new ContainerLogRotationOptions(), _time, _loggers.CreateLogger("kubelet.logs"));

        var informer = new SharedInformer<V1Pod>(
            ListWatches.Pods(_client, "spec.nodeName=" + _options.NodeName), _time, null, _loggers.CreateLogger("kubelet.pods"));
        informer.AddEventHandler(new PodChanges(workers));
        var relister = new Relister(cri, _options.NodeName, workers.Wake, _time, _logger);
        var loops = new List<Task>
        {
            nodeLoop,
            informer.RunAsync(stopping.Token),
            status.RunAsync(stopping.Token),
            relister.RunAsync(_options.RelistPeriod, stopping.Token),
            NodeContextLoopAsync(node, volumes, nodeStatus, stopping.Token),
            stats.RunAsync(stopping.Token),
            rotation.RunAsync(stopping.Token),
        };
        await informer.Synced.WaitAsync(cancellationToken);
        loops.Add(HousekeepingAsync(cri, reader, workers, informer, stopping.Token));
        LogReady(_logger, _options.NodeName, podCidr);
        _ready.TrySetResult();
        _server = server;
        try
        {
            await Task.WhenAny(loops);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var loop in loops.Where(l => l.IsFaulted))
            {
                await loop;
            }
        }
        finally
        {
            _server = null;
            await stopping.CancelAsync();
            await workers.StopAsync();
            await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private async Task<NodeRuntimeState> RuntimeStateAsync(CriClient cri, VersionResponse version, CancellationToken cancellationToken)
    {
        var runtimeReady = false;
        string? message = null;
        var images = new List<V1ContainerImage>();
        try
        {
            var status = await cri.Runtime.StatusAsync(new StatusRequest(), cancellationToken: cancellationToken);
            runtimeReady = status.Status.Conditions.Any(c => c.Type == "RuntimeReady" && c.Status);
            if (!runtimeReady)
            {
                message = "container runtime is down";
            }

            foreach (var image in (await cri.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: cancellationToken)).Images)
            {
                images.Add(new V1ContainerImage { Names = [.. image.RepoTags, .. image.RepoDigests], SizeBytes = (long)image.Size });
            }
        }
        catch (RpcException error)
        {
            message = "container runtime is down: " + error.Status.Detail;
        }

        if (!_networkReady && message is null)
        {
            message = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
        }

        return new NodeRuntimeState { Version = version, RuntimeReady = runtimeReady, NetworkReady = _networkReady, Message = message, Images = images };
    }

    private async Task NodeContextLoopAsync(NodeContext node, VolumeManager volumes, NodeStatusManager nodeStatus, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.NodeStatusUpdateFrequency, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            UpdateNodeContext(node, volumes, nodeStatus.Current);
        }
    }

    private static void UpdateNodeContext(NodeContext context, VolumeManager volumes, V1Node? node)
    {
        if (node?.Status is not { } status)
        {
            return;
        }

        volumes.Allocatable = NodeAllocatable.From(status.Allocatable);

        if (status.Addresses?.FirstOrDefault(a => a.Type == "InternalIP") is { } address)
        {
            context.HostIp = address.Address;
        }

        if (status.Capacity?.TryGetValue("memory", out var memory) == true)
        {
            context.MemoryCapacity = (long)memory.ToDecimal();
        }

        if (status.Allocatable?.TryGetValue("cpu", out var cpu) == true)
        {
            context.AllocatableCpu = cpu;
        }

        if (status.Allocatable?.TryGetValue("memory", out var allocatable) == true)
        {
            context.AllocatableMemory = allocatable;
        }
    }

    /// <summary>Stops and removes sandboxes of pods this node no longer has (deleted while the kubelet was down).</summary>
    private async Task HousekeepingAsync(CriClient cri, RuntimePodReader reader, PodWorkers workers, SharedInformer<V1Pod> informer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HousekeepingPeriod, _time);
        do
        {
            try
            {
                var request = new ListPodSandboxRequest { Filter = new PodSandboxFilter() };
                request.Filter.LabelSelector.Add(RuntimeLabels.ManagedBy, _options.NodeName);
                var sandboxes = await cri.Runtime.ListPodSandboxAsync(request, cancellationToken: cancellationToken);
                var known = informer.Store.List().Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
                var orphans = sandboxes.Items
                    .Select(s => (Uid: s.Labels.GetValueOrDefault(RuntimeLabels.PodUid) ?? string.Empty, s.Metadata))
                    .Where(s => s.Uid.Length > 0 && !known.Contains(s.Uid) && !workers.Has(s.Uid))
                    .DistinctBy(s => s.Uid)
                    .ToList();
                foreach (var (uid, metadata) in orphans)
                {
                    LogOrphan(_logger, metadata.Namespace, metadata.Name, uid);
                    var runtime = await reader.ReadAsync(uid, cancellationToken);
                    var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = metadata.Name, NamespaceProperty = metadata.Namespace, Uid = uid }, Spec = new V1PodSpec() };
                    await new ContainerKiller(cri, new PodEvents(null), _time, _logger).KillPodAsync(pod, runtime, 2, cancellationToken);
                    await workers.RemoveAsync(uid, runtime);
                }
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
            {
                LogHousekeepingFailed(_logger, error.Status.Detail);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    internal static ContainerdOptions ContainerdOptionsFor(KubeletOptions options) => new()
    {
        Root = Path.Combine(options.ContainerdDir, "root"),
        State = Path.Combine(options.ContainerdDir, "state"),
        Socket = Path.Combine(options.ContainerdDir, "containerd.sock"),
        CniConfDir = options.CniConfDir,
        OptDir = Path.Combine(options.ContainerdDir, "opt"),
        LogPath = Path.Combine(options.ContainerdDir, "containerd.log"),
        RegistryConfigDir = options.RegistryHostsDir,
    };

    private static string SocketPath(string endpoint) =>
        endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;

    /// <summary>The prober is made before the workers it asks; this hands it them once they exist.</summary>
    private sealed class LateTargets(Func<PodWorkers?> workers) : IProbeTargets
    {
        public bool TryGetContainer(string podUid, string containerName, out ProbeTarget target)
        {
            target = default;
            return workers() is { } current && current.TryGetContainer(podUid, containerName, out target);
        }
    }

    private sealed class PodChanges(PodWorkers workers) : IResourceEventHandler<V1Pod>
    {
        public void OnAdd(V1Pod item) => workers.Update(item);

        public void OnUpdate(V1Pod old, V1Pod current) => workers.Update(current);

        public void OnDelete(V1Pod item) => workers.Delete(item);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "container runtime {Name} {Version} on {Endpoint}")]
    private static partial void LogRuntime(ILogger logger, string name, string version, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} ready, pod CIDR {PodCidr}")]
    private static partial void LogReady(ILogger logger, string node, string podCidr);

    [LoggerMessage(Level = LogLevel.Information, Message = "removing pod {Namespace}/{Name} ({Uid}): no longer bound to this node")]
    private static partial void LogOrphan(ILogger logger, string @namespace, string name, string uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "housekeeping failed: {Reason}")]
    private static partial void LogHousekeepingFailed(ILogger logger, string reason);
}
