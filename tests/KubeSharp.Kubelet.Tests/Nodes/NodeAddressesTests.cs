using System.Net;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeAddressesTests
{
    // A second uplink with a worse metric, a down default route, and the connected subnet.
    private const string Routes =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
        "eth1\t00000000\t0102A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0\n" +
        "eth2\t00000000\t0103A8C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n" +
        "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n" +
        "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

    private static readonly InterfaceAddress[] Interfaces =
    [
        new("lo", IPAddress.Parse("127.0.0.1"), true, true),
        new("kubesharp0", IPAddress.Parse("10.42.0.1"), true, false),
        new("eth1", IPAddress.Parse("192.168.2.7"), true, false),
        new("eth0", IPAddress.Parse("192.0.2.5"), true, false),
    ];

    [Fact]
    public void The_default_route_with_the_lowest_metric_names_the_interface()
    {
        Assert.Equal("eth0", NodeAddresses.DefaultRouteInterface(Routes));
    }

    [Fact]
    public void Without_a_default_route_there_is_no_interface()
    {
        const string NoDefault = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

        Assert.Null(NodeAddresses.DefaultRouteInterface(NoDefault));
        Assert.Null(NodeAddresses.DefaultRouteInterface(string.Empty));
    }

    [Fact]
    public void The_internal_ip_is_the_default_route_interfaces_address()
    {
        Assert.Equal("192.0.2.5", NodeAddresses.Choose(Routes, Interfaces));
    }

    [Fact]
    public void Without_routes_the_first_usable_address_is_taken()
    {
        var addresses = new[]
        {
            new InterfaceAddress("lo", IPAddress.Parse("127.0.0.1"), true, true),
            new InterfaceAddress("eth3", IPAddress.Parse("169.254.1.1"), true, false),
            new InterfaceAddress("eth4", IPAddress.Parse("198.51.100.4"), false, false),
            new InterfaceAddress("eth0", IPAddress.Parse("192.0.2.5"), true, false),
        };

        Assert.Equal("192.0.2.5", NodeAddresses.Choose(null, addresses));
    }

    [Fact]
    public void With_nothing_usable_it_is_loopback()
    {
        Assert.Equal("127.0.0.1", NodeAddresses.Choose(Routes, [Interfaces[0]]));
        Assert.Equal("127.0.0.1", NodeAddresses.Choose(null, []));
    }

    [Fact]
    public void A_given_node_ip_wins()
    {
        Assert.Equal("10.0.0.9", NodeAddresses.InternalIp("10.0.0.9"));
    }

    [Fact]
    public void Addresses_are_internal_ip_then_hostname()
    {
        var addresses = NodeAddresses.For("n1", "192.0.2.5");

        Assert.Equal(["InternalIP=192.0.2.5", "Hostname=n1"], addresses.Select(a => $"{a.Type}={a.Address}"));
    }
}
