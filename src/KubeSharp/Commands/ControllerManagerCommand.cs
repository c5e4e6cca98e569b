using System.Runtime.InteropServices;
using k8s;
using KubeSharp.CommandLine;
using KubeSharp.Controllers;
using KubeSharp.Controllers.ServiceLb;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary><c>kubesharp controller-manager</c>: the controllers alone, against any API server, until SIGINT/SIGTERM.</summary>
internal static class ControllerManagerCommand
{
    public const string Usage = """
        kubesharp controller-manager [flags]
          --kubeconfig FILE               the API server and credentials (default $KUBECONFIG, then ~/.kube/config)
          --disable NAMES                 controllers not to run, comma-separated
          --cluster-cidr CIDR             the pod range nodes get a podCIDR from (default 10.42.0.0/16)
          --node-monitor-grace-period D   how long a node may miss heartbeats before it is NotReady (default 40s)
          --lb-pool ADDRESSES             where LoadBalancer Services get their IPs: IPv4 CIDRs, ranges A-B or
                                          addresses, comma-separated (default: none; such Services stay pending)
        """;

    /// <summary>The flags shared with <c>kubesharp server</c>.</summary>
    public static readonly string[] OptionFlags = ["disable", "cluster-cidr", "node-monitor-grace-period", "lb-pool"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, new HashSet<string>([.. OptionFlags, "kubeconfig"]), new HashSet<string>());
        var (disabled, options) = Read(flags);
        using var loggers = Logging.Create();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfigs.Resolve(flags.Get("kubeconfig"))));
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        loggers.CreateLogger("controller-manager").LogInformation("controller manager starting");
        await new ControllerManager(client, TimeProvider.System, loggers, options).RunAsync(disabled, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        loggers.CreateLogger("controller-manager").LogInformation("controller manager stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>The disabled controllers (each must exist) and the controller options from the flags.</summary>
    public static (IReadOnlySet<string> Disabled, ControllerOptions Options) Read(Flags flags)
    {
        var disabled = flags.Get("disable", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var known = ControllerDescriptors.Names.ToHashSet(StringComparer.Ordinal);
        if (disabled.FirstOrDefault(name => !known.Contains(name)) is { } unknown)
        {
            throw new UsageException($"--disable: no controller named \"{unknown}\" (controllers: {string.Join(", ", ControllerDescriptors.Names)})");
        }

        var cidr = flags.Get("cluster-cidr", "10.42.0.0/16");
        if (!System.Net.IPNetwork.TryParse(cidr, out _))
        {
            throw new UsageException($"--cluster-cidr: \"{cidr}\" is not a CIDR");
        }

        var pool = flags.Get("lb-pool");
        try
        {
            LoadBalancerPool.Parse(pool);
        }
        catch (ArgumentException error)
        {
            throw new UsageException("--lb-pool: " + error.Message);
        }

        return (disabled, new ControllerOptions
        {
            ClusterCidr = cidr,
            LoadBalancerPool = pool,
            NodeMonitorGracePeriod = Durations.Parse("--node-monitor-grace-period", flags.Get("node-monitor-grace-period", "40s")),
        });
    }
}
