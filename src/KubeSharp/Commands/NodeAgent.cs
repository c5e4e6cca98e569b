using System.Security.Cryptography.X509Certificates;
using k8s;
using KubeSharp.ApiServer.Kubelet;
using KubeSharp.CommandLine;
using KubeSharp.Kubelet;
using KubeSharp.Proxy;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// What runs on every node: the kubelet and kube-proxy (unless --disable-kube-proxy). Either one
/// failing stops the other and fails the agent, as a node that runs pods it cannot route to is worse
/// than no node.
/// </summary>
internal static class NodeAgent
{
    public const string Usage = """
          --disable-kube-proxy            do not run kube-proxy on this node (no Service rules)
        """;

    public static readonly string[] BooleanFlags = ["disable-kube-proxy"];

    /// <summary>kube-proxy's options for this node (its LoadBalancer IPs live on the node's bridge), or null when disabled.</summary>
    public static ProxyOptions? ProxyOptions(Flags flags, KubeletOptions node)
    {
        if (flags.IsSet("disable-kube-proxy"))
        {
            return null;
        }

        var options = new ProxyOptions { NodeName = node.NodeName, ClusterCidr = node.ClusterCidr, LoadBalancerInterface = node.BridgeName };
        try
        {
            options.Validate();
        }
        catch (ArgumentException error)
        {
            throw new UsageException("kube-proxy: " + error.Message);
        }

        return options;
    }

    /// <param name="apiServer">The API server of this process, if any: it then hands this node's pod streams to the kubelet directly.</param>
    public static async Task RunAsync(
        IKubernetes client,
        X509Certificate2Collection? clusterAuthority,
        KubeletOptions kubelet,
        ProxyOptions? proxy,
        LocalKubelets? apiServer,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var node = new Kubelet.Kubelet(client, clusterAuthority, kubelet, TimeProvider.System, loggers);
        using var inProcess = apiServer?.Register(kubelet.NodeName, node.ServeInProcessAsync);
        var parts = new List<Task> { node.RunAsync(stopping.Token) };
        if (proxy is not null)
        {
            parts.Add(new KubeProxy(client, proxy, TimeProvider.System, loggers).RunAsync(stopping.Token));
        }

        var first = await Task.WhenAny(parts);
        stopping.Cancel();
        try
        {
            await Task.WhenAll(parts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        // The part that ended first decides: a failure, or the cancellation that stopped them all.
        await first;
    }
}
