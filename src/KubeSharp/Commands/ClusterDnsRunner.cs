using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s;
using KubeSharp.CommandLine;
using KubeSharp.Dns;
using KubeSharp.Kubelet;
using KubeSharp.Kubelet.Nodes;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Commands;

/// <summary>
/// The server's cluster DNS: served on the node's address, port 53, and published as the Service
/// kube-system/kube-dns at --cluster-dns (its EndpointSlice points at the node), so pods reach it
/// through kube-proxy like any Service.
/// </summary>
internal static class ClusterDnsRunner
{
    public const string Usage = """
          --disable-dns                   do not serve the cluster DNS (it runs with the server's node)
          --upstream-dns IP[:PORT],...    resolvers for names outside the cluster domain (default: none;
                                          such names do not exist)
        """;

    private const int Port = 53;

    public static readonly string[] ValueFlags = ["upstream-dns"];

    /// <summary>The DNS options for this node, or null when it is disabled.</summary>
    public static DnsOptions? Read(Flags flags, KubeletOptions? node)
    {
        if (node is null || flags.IsSet("disable-dns"))
        {
            return null;
        }

        var options = new DnsOptions
        {
            ClusterDomain = node.ClusterDomain,
            Listen = [new IPEndPoint(IPAddress.Parse(NodeAddresses.InternalIp(node.NodeIp)), Port)],
            DnsServiceIp = node.ClusterDns[0],
            Upstreams = [.. flags.Get("upstream-dns", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Upstream)],
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

    /// <summary>Publishes the kube-dns Service and serves until cancelled.</summary>
    public static async Task RunAsync(IKubernetes client, DnsOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var listen = options.Listen[0];
        await KubeDnsService.EnsureAsync(client, options.DnsServiceIp!, [listen.Address.ToString()], listen.Port, cancellationToken);
        await using var dns = new ClusterDns(client, options, TimeProvider.System, loggers);
        try
        {
            await dns.RunAsync(cancellationToken);
        }
        catch (SocketException error)
        {
            throw new InvalidOperationException($"cannot serve DNS on {listen}: {error.Message} (another DNS server there? --disable-dns turns the cluster DNS off)", error);
        }
    }

    private static IPEndPoint Upstream(string text) =>
        IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, Port) : endpoint
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--upstream-dns: \"{text}\" is not IP or IP:PORT"));
}
