using System.Globalization;
using System.Runtime.InteropServices;
using k8s;
using KubeSharp.Client;
using KubeSharp.CommandLine;
using KubeSharp.Simulator;
using KubeSharp.Simulator.Work;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// <c>kubesharp sim</c>: simulated nodes (like kwok) against any API server, through its
/// kubeconfig, until SIGINT/SIGTERM; or, with --delete, removes them and exits.
/// </summary>
internal static partial class SimCommand
{
    public const string Usage = """
        kubesharp sim [flags]
          --kubeconfig FILE               the cluster to join (default $KUBECONFIG, else ~/.kube/config)
          --nodes N                       how many nodes (default 1)
          --name-prefix PREFIX            nodes are PREFIX0, PREFIX1, ... (default sim-node-)
          --cpu QUANTITY                  each node's cpu capacity (default 32)
          --memory QUANTITY               each node's memory capacity (default 256Gi)
          --pods N                        each node's pod capacity (default 110)
          --zones N                       spread over zone-a, zone-b, ... (default 3)
          --labels K=V,...                more node labels
          --taints K=V:EFFECT,K:EFFECT    node taints (NoSchedule, PreferNoSchedule, NoExecute)
          --heartbeat-interval DURATION   lease renewal (default 10s)
          --status-interval DURATION      node status re-post (default 1m)
          --pod-start-delay DURATION      bound pod to Running (default 1s; 0: at once)
          --pod-cidr CIDR                 pod IPs for nodes without spec.podCIDR (default 10.42.0.0/16)
          --max-grace DURATION            cap on a terminating pod's grace period (default: none)
          --concurrency N                 API calls in flight for heartbeats and pods (default 32)
          --delete-nodes-on-exit          delete the nodes and their leases when stopped
          --delete                        only delete nodes PREFIX0..PREFIX(N-1) and their leases, then exit
        """;

    private static readonly HashSet<string> ValueFlags =
    [
        "kubeconfig", "nodes", "name-prefix", "cpu", "memory", "pods", "zones", "labels", "taints", "heartbeat-interval",
        "status-interval", "pod-start-delay", "pod-cidr", "max-grace", "concurrency",
    ];

    private static readonly HashSet<string> BooleanFlags = ["delete-nodes-on-exit", "delete"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, BooleanFlags);
        var options = Options(flags);
        if (options.Validate() is [var problem, ..])
        {
            throw new UsageException(problem);
        }

        var kubeconfig = Kubeconfigs.Resolve(flags.Get("kubeconfig"));
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("sim");
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        try
        {
            if (flags.IsSet("delete"))
            {
                var deleted = await NodeSimulator.DeleteNodesAsync(client, options, TimeProvider.System, logger, stopping.Token);
                LogDeleted(logger, deleted, options.Nodes);
                return 0;
            }

            using var simulator = new NodeSimulator(client, options, TimeProvider.System, loggers);
            await simulator.RunAsync(stopping.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception error) when (error is HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            LogFailed(logger, ApiFailures.Describe(error));
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static SimulatorOptions Options(Flags flags)
    {
        var defaults = new SimulatorOptions();
        return new SimulatorOptions
        {
            Nodes = Integer(flags, "nodes", defaults.Nodes),
            NamePrefix = flags.Get("name-prefix", defaults.NamePrefix),
            Cpu = flags.Get("cpu", defaults.Cpu),
            Memory = flags.Get("memory", defaults.Memory),
            Pods = Integer(flags, "pods", defaults.Pods),
            Zones = Integer(flags, "zones", defaults.Zones),
            Labels = Parse("--labels", flags.Get("labels", string.Empty), NodeSyntax.ParseLabels),
            Taints = Parse("--taints", flags.Get("taints", string.Empty), NodeSyntax.ParseTaints),
            HeartbeatInterval = Duration(flags, "heartbeat-interval") ?? defaults.HeartbeatInterval,
            StatusInterval = Duration(flags, "status-interval") ?? defaults.StatusInterval,
            PodStartDelay = Duration(flags, "pod-start-delay") ?? defaults.PodStartDelay,
            PodCidr = flags.Get("pod-cidr", defaults.PodCidr),
            MaxGrace = Duration(flags, "max-grace"),
            ApiConcurrency = Integer(flags, "concurrency", defaults.ApiConcurrency),
            DeleteNodesOnExit = flags.IsSet("delete-nodes-on-exit"),
        };
    }

    private static int Integer(Flags flags, string name, int fallback)
    {
        var text = flags.Get(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name}: \"{text}\" is not a whole number");
    }

    /// <summary>A duration flag, where (unlike Durations) zero is allowed: "0", "0s".</summary>
    private static TimeSpan? Duration(Flags flags, string name)
    {
        var text = flags.Get(name);
        if (text is null)
        {
            return null;
        }

        var digits = text.TrimEnd('h', 'm', 's');
        return digits.Length > 0 && char.IsAsciiDigit(digits[0]) && digits.Trim('0', '.').Length == 0
            ? TimeSpan.Zero
            : Durations.Parse("--" + name, text);
    }

    private static T Parse<T>(string flag, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException error)
        {
            throw new UsageException($"{flag}: {error.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted {Deleted} of {Nodes} simulated nodes (the rest were not there) and their leases")]
    private static partial void LogDeleted(ILogger logger, int deleted, int nodes);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
