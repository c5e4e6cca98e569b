using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using k8s;
using KubeSharp.ApiServer;
using KubeSharp.Controllers;
using KubeSharp.CommandLine;
using KubeSharp.Storage;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// <c>kubesharp server</c>: the control plane. It opens the store (SQLite by default, etcd with
/// --datastore-endpoint), serves the API over HTTPS and writes the admin kubeconfig, until
/// SIGINT/SIGTERM; the other components are composed here as they land.
/// </summary>
internal static partial class ServerCommand
{
    public const string Usage = $"""
        kubesharp server [flags]
          --data-dir DIR                  where the cluster keeps its state (default /var/lib/kubesharp)
          --datastore-endpoint URLS       etcd members, e.g. http://127.0.0.1:2379,http://127.0.0.1:2380
                                          (default: the embedded SQLite store in the data dir)
          --bind-address IP               address the API listens on (default 0.0.0.0)
          --https-listen-port PORT        API port (default 6443; 0 picks a free one)
          --write-kubeconfig FILE         admin kubeconfig (default <data-dir>/kubeconfig.yaml)
          --token TOKEN                   a bearer token accepted for the admin (default: <data-dir>/server/token)
          --service-cidr CIDR             ClusterIP range (default 10.43.0.0/16)
          --service-node-port-range A-B   NodePort range (default 30000-32767)
          --event-ttl DURATION            how long events are kept, e.g. 1h, 30m, 10s (default 1h)
          --disable NAMES                 controllers not to run, comma-separated (e.g. replicaset,namespace)
          --cluster-cidr CIDR             the pod range nodes get a podCIDR from (default 10.42.0.0/16)
          --node-monitor-grace-period D   how long a node may miss heartbeats before it is NotReady (default 40s)
          --lb-pool ADDRESSES             where LoadBalancer Services get their IPs: IPv4 CIDRs, ranges A-B or
                                          addresses, comma-separated (default: none; such Services stay pending)
          --disable-agent                 run the control plane only (no node on this machine)
          --disable-scheduler             do not run the scheduler
          --disable-controller-manager    do not run the controller manager
          --scheduler-config FILE         a KubeSchedulerConfiguration for the scheduler
        {AgentFlags.Usage}
        {NodeAgent.Usage}
        {ClusterDnsRunner.Usage}
        """;

    private static readonly HashSet<string> ValueFlags =
        ["data-dir", "datastore-endpoint", "bind-address", "https-listen-port", "write-kubeconfig", "token", "service-cidr", "service-node-port-range", "event-ttl", "disable", "scheduler-config", "cluster-cidr", "node-monitor-grace-period", "lb-pool", .. AgentFlags.ValueFlags, .. ClusterDnsRunner.ValueFlags];

    private static readonly HashSet<string> BooleanFlags = ["disable-agent", "disable-scheduler", "disable-controller-manager", "disable-dns", .. NodeAgent.BooleanFlags];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, BooleanFlags);
        var dataDirectory = Path.GetFullPath(flags.Get("data-dir", "/var/lib/kubesharp"));
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("server");
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        try
        {
            var options = ApiOptions(flags, dataDirectory);
            var (disabled, controllerOptions) = ControllerManagerCommand.Read(flags);
            var schedulerConfiguration = flags.IsSet("disable-scheduler") ? null : SchedulerCommand.LoadConfiguration(flags.Get("scheduler-config"));
            var agentOptions = flags.IsSet("disable-agent") ? null : AgentFlags.Read(flags, dataDirectory);
            var proxyOptions = agentOptions is null ? null : NodeAgent.ProxyOptions(flags, agentOptions);
            var dnsOptions = ClusterDnsRunner.Read(flags, agentOptions);
            await using var store = await StoreFactory.OpenAsync(dataDirectory, flags.Get("datastore-endpoint"), loggers, stopping.Token);
            LogStoreReady(logger, StoreFactory.Describe(store), await store.GetCurrentRevisionAsync(stopping.Token));
            await using var api = await ApiServerHost.StartAsync(options, store, loggers, stopping.Token);
            LogApiReady(logger, api.Url.ToString(), api.KubeconfigPath);
            using var controllerClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
                new MemoryStream(Encoding.UTF8.GetBytes(api.ComponentKubeconfig("system:kube-controller-manager", null)))));
            var controllers = flags.IsSet("disable-controller-manager")
                ? Task.CompletedTask
                : new ControllerManager(controllerClient, TimeProvider.System, loggers, controllerOptions).RunAsync(disabled, stopping.Token);
            using var schedulerClient = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
                new MemoryStream(Encoding.UTF8.GetBytes(api.ComponentKubeconfig("system:kube-scheduler", null)))));
            var scheduler = schedulerConfiguration is null
                ? Task.CompletedTask
                : SchedulerCommand.CreateScheduler(schedulerClient, schedulerConfiguration, loggers).RunAsync(stopping.Token);
            var agentConfiguration = agentOptions is null ? null : KubernetesClientConfiguration.BuildConfigFromConfigFile(
                new MemoryStream(Encoding.UTF8.GetBytes(api.ComponentKubeconfig("system:node:" + agentOptions.NodeName, "system:nodes"))));
            using var agentClient = agentConfiguration is null ? null : new Kubernetes(agentConfiguration);
            var agent = agentOptions is null || agentClient is null
                ? Task.CompletedTask
                : NodeAgent.RunAsync(agentClient, agentConfiguration!.SslCaCerts, agentOptions, proxyOptions, api.LocalKubelets, loggers, stopping.Token);
            using var dnsClient = dnsOptions is null ? null : new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(
                new MemoryStream(Encoding.UTF8.GetBytes(api.ComponentKubeconfig("system:kube-dns", null)))));
            var dns = dnsOptions is null || dnsClient is null ? Task.CompletedTask : ClusterDnsRunner.RunAsync(dnsClient, dnsOptions, loggers, stopping.Token);

            // As in k3s, a server whose node or DNS cannot run stops rather than run half a cluster.
            var failed = false;
            foreach (var (part, name) in new[] { (agent, "agent"), (dns, "cluster DNS") })
            {
                _ = part.ContinueWith(
                    t =>
                    {
                        failed = true;
                        LogPartFailed(logger, name, t.Exception?.GetBaseException().Message ?? "failed");
                        stopping.Cancel();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted,
                    TaskScheduler.Default);
            }

            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopping(logger);
            await agent.ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopped(logger, "agent");
            await dns.ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopped(logger, "cluster DNS");
            await controllers.ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopped(logger, "controllers");
            await scheduler.ContinueWith(_ => { }, TaskScheduler.Default);
            LogStopped(logger, "scheduler");
            return failed ? 1 : 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Asked to stop while still starting.
            LogStopping(logger);
            return 0;
        }
        catch (StorageException error)
        {
            LogStoreFailed(logger, error.Message);
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "store ready ({Store}, revision {Revision})")]
    private static partial void LogStoreReady(ILogger logger, string store, long revision);

    private static ApiServerOptions ApiOptions(Flags flags, string dataDirectory)
    {
        var bind = flags.Get("bind-address", "0.0.0.0");
        var port = flags.Get("https-listen-port", "6443");
        return new ApiServerOptions
        {
            DataDirectory = dataDirectory,
            BindAddress = IPAddress.TryParse(bind, out var address) ? address : throw new UsageException($"--bind-address: \"{bind}\" is not an IP address"),
            Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535
                ? number
                : throw new UsageException($"--https-listen-port: \"{port}\" is not a port"),
            KubeconfigPath = flags.Get("write-kubeconfig"),
            Token = flags.Get("token"),
            ServiceCidr = flags.Get("service-cidr", "10.43.0.0/16"),
            ServiceNodePortRange = flags.Get("service-node-port-range", "30000-32767"),
            EventTtl = Durations.Parse("--event-ttl", flags.Get("event-ttl", "1h")),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API server ready at {Url}; kubeconfig written to {Kubeconfig}")]
    private static partial void LogApiReady(ILogger logger, string url, string kubeconfig);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Part} failed: {Reason}")]
    private static partial void LogPartFailed(ILogger logger, string part, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Component} stopped")]
    private static partial void LogStopped(ILogger logger, string component);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string reason);
}
