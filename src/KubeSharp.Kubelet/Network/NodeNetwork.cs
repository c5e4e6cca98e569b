using System.Globalization;
using KubeSharp.Api.Networking;

namespace KubeSharp.Kubelet.Network;

/// <summary>
/// The node's side of the pod network, in the kubelet's network namespace: the bridge with the
/// pod CIDR's first address as gateway, a route for the service CIDR onto the bridge (so a
/// socket's first route lookup succeeds before kube-proxy's DNAT), a blackhole for the cluster
/// CIDR (other nodes' pod ranges never follow a default route off the machine; the node's own,
/// more specific range goes to the bridge), IP forwarding, and bridge-nf-call-iptables (per
/// network namespace; without it pod → ClusterIP → pod on the same bridge times out).
/// Every step is idempotent.
/// </summary>
internal static class NodeNetwork
{
    private const string IpForward = "net.ipv4.ip_forward";
    private const string BridgeNfCallIptables = "net.bridge.bridge-nf-call-iptables";

    /// <exception cref="ArgumentException">A CIDR in the options is not IPv4.</exception>
    /// <exception cref="InvalidOperationException">An <c>ip</c> command failed.</exception>
    public static Task SetUpAsync(NodeNetworkOptions options, CancellationToken cancellationToken) =>
        SetUpAsync(options, IpCommand.RunAsync, Sysctls.Set, cancellationToken);

    /// <summary>Removes exactly what <see cref="SetUpAsync(NodeNetworkOptions, CancellationToken)"/> made (routes, then the bridge by name); what is already gone is fine. Sysctls stay.</summary>
    /// <exception cref="ArgumentException">A CIDR in the options is not IPv4.</exception>
    /// <exception cref="InvalidOperationException">An <c>ip</c> command failed for another reason than the thing being gone.</exception>
    public static Task TearDownAsync(NodeNetworkOptions options, CancellationToken cancellationToken) =>
        TearDownAsync(options, IpCommand.RunAsync, cancellationToken);

    /// <summary>The set-up with the <c>ip</c> runner and sysctl writer given (tests record what would be done).</summary>
    internal static async Task SetUpAsync(
        NodeNetworkOptions options,
        Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Error)>> ip,
        Action<string, string> sysctl,
        CancellationToken cancellationToken)
    {
        var pods = Parse(options.PodCidr, nameof(options.PodCidr));
        var cluster = Parse(options.ClusterCidr, nameof(options.ClusterCidr));
        var services = Parse(options.ServiceCidr, nameof(options.ServiceCidr));
        var bridge = options.BridgeName;
        var gateway = string.Create(CultureInfo.InvariantCulture, $"{Ipv4Cidr.Format(pods.FirstUsable)}/{pods.PrefixLength}");

        if (!await LinkExistsAsync(ip, bridge, cancellationToken))
        {
            // Another setup may have made it since the check: "File exists" is fine.
            await RunAsync(ip, ["link", "add", bridge, "type", "bridge"], "File exists", cancellationToken);
        }

        await RunAsync(ip, ["addr", "replace", gateway, "dev", bridge], null, cancellationToken);
        await RunAsync(ip, ["link", "set", bridge, "up"], null, cancellationToken);
        await RunAsync(ip, ["route", "replace", services.ToString(), "dev", bridge], null, cancellationToken);
        await RunAsync(ip, ["route", "replace", "blackhole", cluster.ToString()], null, cancellationToken);
        sysctl(IpForward, "1");
        sysctl(BridgeNfCallIptables, "1");
    }

    /// <summary>The tear-down with the <c>ip</c> runner given.</summary>
    internal static async Task TearDownAsync(
        NodeNetworkOptions options,
        Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Error)>> ip,
        CancellationToken cancellationToken)
    {
        var cluster = Parse(options.ClusterCidr, nameof(options.ClusterCidr));
        var services = Parse(options.ServiceCidr, nameof(options.ServiceCidr));
        var bridge = options.BridgeName;

        await RunAsync(ip, ["route", "del", "blackhole", cluster.ToString()], "No such process", cancellationToken);
        if (await LinkExistsAsync(ip, bridge, cancellationToken))
        {
            await RunAsync(ip, ["route", "del", services.ToString(), "dev", bridge], "No such process", cancellationToken);
            await RunAsync(ip, ["link", "del", bridge], "Cannot find device", cancellationToken);
        }
    }

    private static Ipv4Cidr Parse(string text, string name) =>
        Ipv4Cidr.TryParse(text, out var cidr) ? cidr : throw new ArgumentException($"{name} \"{text}\" is not an IPv4 CIDR");

    private static async Task<bool> LinkExistsAsync(
        Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Error)>> ip, string name, CancellationToken cancellationToken) =>
        (await ip(["link", "show", "dev", name], cancellationToken)).ExitCode == 0;

    /// <summary>Runs <c>ip ARGS</c>; a failure whose message contains <paramref name="tolerated"/> counts as done.</summary>
    private static async Task RunAsync(
        Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Error)>> ip,
        IReadOnlyList<string> arguments,
        string? tolerated,
        CancellationToken cancellationToken)
    {
        var (exitCode, error) = await ip(arguments, cancellationToken);
        if (exitCode == 0 || (tolerated is not null && error.Contains(tolerated, StringComparison.Ordinal)))
        {
            return;
        }

        throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({exitCode}): {error}");
    }
}
