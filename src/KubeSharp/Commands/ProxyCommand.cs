using System.Runtime.InteropServices;
using k8s;
using KubeSharp.CommandLine;
using KubeSharp.Proxy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary><c>kubesharp proxy</c>: kube-proxy alone for this machine, against any API server, until SIGINT/SIGTERM.</summary>
internal static class ProxyCommand
{
    public const string Usage = """
        kubesharp proxy [flags]
          --kubeconfig FILE               the API server and credentials (default $KUBECONFIG, then ~/.kube/config)
          --node-name NAME                this node: its endpoints are the local ones (default: the host name)
          --cluster-cidr CIDR             the pods' range: their traffic counts as internal (default 10.42.0.0/16)
          --sync-period D                 rules are synced at least this often (default 30s)
          --min-sync-period D             syncs are at least this far apart (default 100ms)
          --load-balancing MODE           round-robin or random (default round-robin)
          --healthz-bind-address IP:PORT  /healthz and /livez ("" turns them off; default 0.0.0.0:10256)
          --metrics-bind-address IP:PORT  /metrics ("" turns it off; default 127.0.0.1:10249)
          --load-balancer-interface IF    where LoadBalancer IPs are added as /32 (default: none)
        """;

    private static readonly HashSet<string> ValueFlags =
        ["kubeconfig", "node-name", "cluster-cidr", "sync-period", "min-sync-period", "load-balancing", "healthz-bind-address", "metrics-bind-address", "load-balancer-interface"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, new HashSet<string>());
        var options = Read(flags);
        using var loggers = Logging.Create();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfigs.Resolve(flags.Get("kubeconfig"))));
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await new KubeProxy(client, options, TimeProvider.System, loggers).RunAsync(stopping.Token);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    internal static ProxyOptions Read(Flags flags)
    {
        var options = new ProxyOptions
        {
            NodeName = flags.Get("node-name") ?? AgentFlags.NodeNameOf(Environment.MachineName),
            ClusterCidr = flags.Get("cluster-cidr", "10.42.0.0/16"),
            SyncPeriod = Durations.Parse("--sync-period", flags.Get("sync-period", "30s")),
            MinSyncPeriod = Durations.Parse("--min-sync-period", flags.Get("min-sync-period", "100ms")),
            Mode = flags.Get("load-balancing", "round-robin") switch
            {
                "round-robin" => LoadBalancingMode.RoundRobin,
                "random" => LoadBalancingMode.Random,
                var other => throw new UsageException($"--load-balancing: \"{other}\" is neither round-robin nor random"),
            },
            HealthzBindAddress = Address(flags.Get("healthz-bind-address", "0.0.0.0:10256")),
            MetricsBindAddress = Address(flags.Get("metrics-bind-address", "127.0.0.1:10249")),
            LoadBalancerInterface = flags.Get("load-balancer-interface"),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }

        return options;
    }

    private static string? Address(string text) => text.Length == 0 ? null : text;
}
