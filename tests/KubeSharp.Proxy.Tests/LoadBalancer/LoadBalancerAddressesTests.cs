using KubeSharp.Proxy.LoadBalancer;
using KubeSharp.Proxy.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Proxy.Tests.LoadBalancer;

public sealed class LoadBalancerAddressesTests
{
    private readonly RecordingIp _ip = new();
    private readonly LoadBalancerAddresses _addresses;

    public LoadBalancerAddressesTests() => _addresses = new LoadBalancerAddresses("lb0", _ip, NullLogger.Instance);

    [Fact]
    public async Task Addresses_are_added_and_removed_as_services_come_and_go()
    {
        await _addresses.SyncAsync(Set("192.0.2.10", "192.0.2.11"), CancellationToken.None);
        await _addresses.SyncAsync(Set("192.0.2.11"), CancellationToken.None);
        await _addresses.SyncAsync(Set("192.0.2.11"), CancellationToken.None);
        await _addresses.ClearAsync(CancellationToken.None);

        Assert.Equal(
            [
                "addr add 192.0.2.10/32 dev lb0",
                "addr add 192.0.2.11/32 dev lb0",
                "addr del 192.0.2.10/32 dev lb0",
                "addr del 192.0.2.11/32 dev lb0",
            ],
            _ip.Commands);
        Assert.Empty(_addresses.Assigned);
    }

    [Fact]
    public async Task An_address_already_there_counts_and_a_failed_one_is_tried_again()
    {
        _ip.Errors["addr add 192.0.2.10/32 dev lb0"] = "RTNETLINK answers: File exists";
        _ip.Errors["addr add 192.0.2.11/32 dev lb0"] = "Cannot find device \"lb0\"";

        await _addresses.SyncAsync(Set("192.0.2.10", "192.0.2.11"), CancellationToken.None);
        Assert.Equal("192.0.2.10", Assert.Single(_addresses.Assigned));
        await _addresses.SyncAsync(Set("192.0.2.10", "192.0.2.11"), CancellationToken.None);

        Assert.Equal(["192.0.2.10", "192.0.2.11"], _addresses.Assigned.Order(StringComparer.Ordinal));
        Assert.Equal(3, _ip.Commands.Count);
    }

    [Fact]
    public async Task An_address_already_gone_counts_as_removed()
    {
        await _addresses.SyncAsync(Set("192.0.2.10"), CancellationToken.None);
        _ip.Errors["addr del 192.0.2.10/32 dev lb0"] = "RTNETLINK answers: Cannot assign requested address";

        await _addresses.ClearAsync(CancellationToken.None);

        Assert.Empty(_addresses.Assigned);
    }

    private static HashSet<string> Set(params string[] ips) => new(ips, StringComparer.Ordinal);
}
