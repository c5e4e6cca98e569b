using System.Runtime.InteropServices;
using k8s;
using KubeSharp.CommandLine;
using KubeSharp.Scheduler;
using KubeSharp.Scheduler.Config;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary><c>kubesharp scheduler</c>: the scheduler alone, against any API server, until SIGINT/SIGTERM.</summary>
internal static partial class SchedulerCommand
{
    public const string Usage = """
        kubesharp scheduler [flags]
          --kubeconfig FILE               the API server and credentials (default $KUBECONFIG, then ~/.kube/config)
          --config FILE                   a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) in YAML or JSON
          --leader-elect BOOL             take the kube-system/kube-scheduler Lease before scheduling (default true)
        """;

    private static readonly HashSet<string> ValueFlags = ["kubeconfig", "config"];

    private static readonly HashSet<string> BooleanFlags = ["leader-elect"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, BooleanFlags);
        var configuration = LoadConfiguration(flags.Get("config"));
        if (flags.Get("leader-elect") is { } elect)
        {
            configuration = configuration with
            {
                LeaderElection = configuration.LeaderElection with { LeaderElect = Booleans.Parse("--leader-elect", elect) },
            };
        }

        using var loggers = Logging.Create();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfigs.Resolve(flags.Get("kubeconfig"))));
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var scheduler = CreateScheduler(client, configuration, loggers);
        await scheduler.RunAsync(stopping.Token);
        loggers.CreateLogger("scheduler").LogInformation("scheduler stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>The configuration file, or the defaults; a bad file is a usage error naming the field.</summary>
    public static SchedulerConfiguration LoadConfiguration(string? path)
    {
        if (path is null)
        {
            return SchedulerConfiguration.Default;
        }

        try
        {
            return SchedulerConfiguration.Load(path);
        }
        catch (Exception error) when (error is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config: {error.Message}");
        }
    }

    /// <summary>A scheduler over the configuration; unknown plugins or bad plugin args are usage errors.</summary>
    public static KubeScheduler CreateScheduler(IKubernetes client, SchedulerConfiguration configuration, ILoggerFactory loggers)
    {
        try
        {
            return new KubeScheduler(client, new SchedulerOptions { Configuration = configuration }, TimeProvider.System, loggers);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"scheduler configuration: {error.Message}");
        }
    }
}
