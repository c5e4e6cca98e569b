using KubeSharp.CommandLine;
using KubeSharp.Kubelet;
using KubeSharp.Proxy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary><c>kubesharp killall</c>: removes what a stopped node left running or mounted on this machine, and its Service rules.</summary>
internal static class KillallCommand
{
    public const string Usage = """
        kubesharp killall [flags]         (run after stopping the server or agent)
          --data-dir DIR                  the node's data dir (default /var/lib/kubesharp)
          --node-name NAME                the node (default: the host name)
          --cluster-cidr CIDR             the cluster's pod range, for its blackhole route (default 10.42.0.0/16)
          --service-cidr CIDR             the cluster's service range (default 10.43.0.0/16)
          --container-runtime-endpoint S  an existing containerd the node used (default: its private one)
        """;

    private static readonly HashSet<string> ValueFlags = ["data-dir", "node-name", "cluster-cidr", "service-cidr", "container-runtime-endpoint"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var flags = Flags.Parse(args, ValueFlags, new HashSet<string>());
        var options = AgentFlags.Read(flags, Path.GetFullPath(flags.Get("data-dir", "/var/lib/kubesharp")));
        using var loggers = Logging.Create();
        await NodeCleanup.RunAsync(options, loggers, TimeProvider.System, CancellationToken.None);

        // kube-proxy's rules (its LoadBalancer addresses went with the node's bridge).
        var proxy = new ProxyOptions { NodeName = options.NodeName };
        await new NftRunner(proxy.NftPath).DeleteTableAsync(proxy.TableName, CancellationToken.None);
        return 0;
    }
}
