using Microsoft.Extensions.Logging;

namespace KubeSharp.Proxy.LoadBalancer;

/// <summary>
/// Keeps exactly the load balancer ingress IPs of the proxied Services as /32 addresses on one
/// interface, so that on an L2 network this node answers ARP for them; the nat rules do the rest.
/// Addresses that were there already, or were gone already, count as done; others are retried at
/// the next sync.
/// </summary>
internal sealed partial class LoadBalancerAddresses
{
    private readonly string _interface;
    private readonly IIpRunner _ip;
    private readonly ILogger _logger;
    private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);

    public LoadBalancerAddresses(string interfaceName, IIpRunner ip, ILogger logger)
    {
        _interface = interfaceName;
        _ip = ip;
        _logger = logger;
    }

    /// <summary>The addresses this proxy put on the interface.</summary>
    public IReadOnlyCollection<string> Assigned => _assigned;

    /// <summary>Adds the wanted addresses that are missing and removes the others; not to be called concurrently.</summary>
    public async Task SyncAsync(IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        foreach (var address in wanted)
        {
            if (!_assigned.Contains(address) && await ChangeAsync("add", address, "File exists", cancellationToken))
            {
                _assigned.Add(address);
            }
        }

        foreach (var address in _assigned.ToArray())
        {
            if (!wanted.Contains(address) && await ChangeAsync("del", address, "Cannot assign", cancellationToken))
            {
                _assigned.Remove(address);
            }
        }
    }

    /// <summary>Removes every address this proxy added (on shutdown).</summary>
    public Task ClearAsync(CancellationToken cancellationToken) => SyncAsync(new HashSet<string>(), cancellationToken);

    /// <summary>Runs <c>ip addr add|del IP/32 dev IF</c>; true if the address is now as wanted.</summary>
    private async Task<bool> ChangeAsync(string verb, string address, string alreadyDone, CancellationToken cancellationToken)
    {
        try
        {
            await _ip.RunAsync(["addr", verb, address + "/32", "dev", _interface], cancellationToken);
            return true;
        }
        catch (InvalidOperationException error) when (error.Message.Contains(alreadyDone, StringComparison.Ordinal))
        {
            return true;
        }
        catch (InvalidOperationException error)
        {
            LogChangeFailed(verb, address, _interface, error.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "kube-proxy: ip addr {Verb} {Address}/32 dev {Interface} failed: {Reason}")]
    private partial void LogChangeFailed(string verb, string address, string @interface, string reason);
}
