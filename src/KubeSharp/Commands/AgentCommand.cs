using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using k8s;
using KubeSharp.CommandLine;
using KubeSharp.Kubelet;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// <c>kubesharp agent</c>: a node (the kubelet, with its containerd, and kube-proxy) joined to a cluster through a
/// kubeconfig, or an API server URL and token, until SIGINT/SIGTERM. Pods keep running when it stops.
/// </summary>
internal static partial class AgentCommand
{
    public const string Usage = $"""
        kubesharp agent [flags]
          --kubeconfig FILE               the API server and credentials (default $KUBECONFIG, then ~/.kube/config)
          --server URL --token TOKEN      or: the API server and a bearer token
          --certificate-authority FILE    the cluster CA that signed the API server's certificate (with --server)
          --data-dir DIR                  where the node keeps its state (default /var/lib/kubesharp)
          --cluster-cidr CIDR             the cluster's pod range (default 10.42.0.0/16)
          --service-cidr CIDR             the cluster's service range (default 10.43.0.0/16)
        {AgentFlags.Usage}
        {NodeAgent.Usage}
        """;

    private static readonly HashSet<string> ValueFlags =
        ["kubeconfig", "server", "token", "certificate-authority", "data-dir", "cluster-cidr", "service-cidr", .. AgentFlags.ValueFlags];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, new HashSet<string>(NodeAgent.BooleanFlags));
        var dataDirectory = Path.GetFullPath(flags.Get("data-dir", "/var/lib/kubesharp"));
        var options = AgentFlags.Read(flags, dataDirectory);
        var proxy = NodeAgent.ProxyOptions(flags, options);
        var configuration = ClientConfiguration(flags);
        using var loggers = Logging.Create();
        var logger = loggers.CreateLogger("agent");
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var client = new Kubernetes(configuration);
        try
        {
            await NodeAgent.RunAsync(client, configuration.SslCaCerts, options, proxy, apiServer: null, loggers, stopping.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            LogFailed(logger, error.Message);
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static KubernetesClientConfiguration ClientConfiguration(Flags flags)
    {
        var server = flags.Get("server");
        if (server is null)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfigs.Resolve(flags.Get("kubeconfig")));
        }

        var token = flags.Get("token") ?? throw new UsageException("--server needs --token");
        var authority = flags.Get("certificate-authority") ?? throw new UsageException("--server needs --certificate-authority (the cluster CA, <data-dir>/server/tls/server-ca.crt on the server)");
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(authority);
        return new KubernetesClientConfiguration { Host = server, AccessToken = token, SslCaCerts = certificates };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
