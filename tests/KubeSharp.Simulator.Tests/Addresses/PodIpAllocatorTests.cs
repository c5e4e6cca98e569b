using KubeSharp.Api.Networking;
using KubeSharp.Simulator.Addresses;

namespace KubeSharp.Simulator.Tests.Addresses;

public sealed class PodIpAllocatorTests
{
    [Fact]
    public void Addresses_go_out_in_order_from_the_fallback_range_skipping_the_network_address()
    {
        var ips = New("10.42.0.0/16");

        Assert.Equal("10.42.0.1", ips.Allocate(null));
        Assert.Equal("10.42.0.2", ips.Allocate(null));
        Assert.Equal("10.42.0.3", ips.Allocate(null));
        Assert.Equal(3, ips.Count);
    }

    [Fact]
    public void A_node_pod_cidr_is_used_when_the_node_has_one()
    {
        var ips = New("10.42.0.0/16");

        Assert.Equal("10.42.5.1", ips.Allocate("10.42.5.0/24"));
        Assert.Equal("10.42.5.2", ips.Allocate("10.42.5.0/24"));
        Assert.Equal("10.42.0.1", ips.Allocate(null));
    }

    [Theory]
    [InlineData("fd00::/64")]
    [InlineData("not-a-cidr")]
    [InlineData("")]
    public void A_pod_cidr_that_is_not_usable_IPv4_falls_back_to_the_simulator_range(string nodeCidr)
    {
        var ips = New("10.42.0.0/16");

        Assert.Equal("10.42.0.1", ips.Allocate(nodeCidr));
    }

    [Fact]
    public void Addresses_are_unique_across_overlapping_ranges()
    {
        var ips = New("10.42.0.0/16");

        Assert.Equal("10.42.0.1", ips.Allocate(null));
        Assert.Equal("10.42.0.2", ips.Allocate("10.42.0.0/24"));
        Assert.Equal("10.42.0.3", ips.Allocate(null));
    }

    [Fact]
    public void A_full_range_gives_nothing_until_an_address_is_released()
    {
        var ips = New("10.0.0.0/30");

        Assert.Equal("10.0.0.1", ips.Allocate(null));
        Assert.Equal("10.0.0.2", ips.Allocate(null));
        Assert.Null(ips.Allocate(null));

        ips.Release("10.0.0.1");

        Assert.Equal("10.0.0.1", ips.Allocate(null));
        Assert.Null(ips.Allocate(null));
    }

    [Fact]
    public void A_released_address_is_not_handed_out_again_at_once()
    {
        var ips = New("10.0.0.0/29");
        Assert.Equal("10.0.0.1", ips.Allocate(null));
        Assert.Equal("10.0.0.2", ips.Allocate(null));

        ips.Release("10.0.0.1");

        Assert.Equal("10.0.0.3", ips.Allocate(null));
        Assert.Equal(2, ips.Count);
    }

    [Fact]
    public void A_reserved_address_of_a_running_pod_is_not_handed_out()
    {
        var ips = New("10.42.0.0/16");

        Assert.True(ips.Reserve("10.42.0.1"));
        Assert.False(ips.Reserve("10.42.0.1"));
        Assert.False(ips.Reserve("fd00::1"));
        Assert.Equal("10.42.0.2", ips.Allocate(null));
    }

    [Fact]
    public void Cidrs_parse_to_their_network_and_count_usable_addresses()
    {
        Assert.True(Ipv4Cidr.TryParse("10.42.3.7/16", out var cidr));
        Assert.Equal("10.42.0.0/16", cidr.ToString());
        Assert.Equal(65534, cidr.UsableCount);
        Assert.True(Ipv4Cidr.TryParse("10.0.0.0/31", out var pair));
        Assert.Equal(2, pair.UsableCount);
        Assert.False(Ipv4Cidr.TryParse("10.42.0.0", out _));
        Assert.False(Ipv4Cidr.TryParse("10.42.0.0/33", out _));
        Assert.False(Ipv4Cidr.TryParse("fd00::/64", out _));
        Assert.False(Ipv4Cidr.TryParse(null, out _));
    }

    [Fact]
    public void Node_internal_IPs_are_numbered_from_10_255_0_1_by_index()
    {
        Assert.Equal("10.255.0.1", NodeAddresses.InternalIp(0));
        Assert.Equal("10.255.0.3", NodeAddresses.InternalIp(2));
        Assert.Equal("10.255.1.0", NodeAddresses.InternalIp(255));
        Assert.Equal("10.255.255.254", NodeAddresses.InternalIp(NodeAddresses.MaxNodes - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NodeAddresses.InternalIp(NodeAddresses.MaxNodes));
    }

    private static PodIpAllocator New(string fallback) =>
        new(Ipv4Cidr.TryParse(fallback, out var cidr) ? cidr : throw new ArgumentException(fallback, nameof(fallback)));
}
