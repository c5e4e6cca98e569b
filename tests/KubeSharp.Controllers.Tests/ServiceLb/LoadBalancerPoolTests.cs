using KubeSharp.Api.Networking;
using KubeSharp.Controllers.ServiceLb;

namespace KubeSharp.Controllers.Tests.ServiceLb;

public sealed class LoadBalancerPoolTests
{
    [Fact]
    public void A_cidr_gives_its_addresses_without_network_and_broadcast()
    {
        var pool = LoadBalancerPool.Parse("192.168.227.240/28")!;

        Assert.Equal(14L, pool.Size);
        Assert.Equal("192.168.227.241", Format(pool.Addresses().First()));
        Assert.Equal("192.168.227.254", Format(pool.Addresses().Last()));
        Assert.False(pool.Contains(Address("192.168.227.240")));
        Assert.False(pool.Contains(Address("192.168.227.255")));
        Assert.True(pool.Contains(Address("192.168.227.247")));
        Assert.False(pool.Contains(Address("192.168.228.1")));
        Assert.Equal("192.168.227.240/28", pool.ToString());
    }

    [Fact]
    public void A_slash_31_gives_both_addresses_and_a_slash_32_its_one()
    {
        Assert.Equal(["10.0.0.0", "10.0.0.1"], Addresses("10.0.0.0/31"));
        Assert.Equal(["10.0.0.7"], Addresses("10.0.0.7/32"));
    }

    [Fact]
    public void Host_bits_of_a_cidr_are_dropped()
    {
        Assert.Equal(["10.0.0.5", "10.0.0.6"], Addresses("10.0.0.7/30"));
    }

    [Fact]
    public void A_range_includes_both_ends()
    {
        var pool = LoadBalancerPool.Parse("10.0.0.10-10.0.0.20")!;

        Assert.Equal(11L, pool.Size);
        Assert.Equal("10.0.0.10", Format(pool.Addresses().First()));
        Assert.Equal("10.0.0.20", Format(pool.Addresses().Last()));
        Assert.True(pool.Contains(Address("10.0.0.20")));
        Assert.False(pool.Contains(Address("10.0.0.21")));
        Assert.False(pool.Contains(Address("10.0.0.9")));
    }

    [Fact]
    public void Mixed_entries_are_enumerated_lowest_first_and_printed_as_given()
    {
        var pool = LoadBalancerPool.Parse(" 10.1.0.0/30 , 10.0.0.10 - 10.0.0.12,10.0.0.30 ")!;

        Assert.Equal(["10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.30", "10.1.0.1", "10.1.0.2"], pool.Addresses().Select(Format));
        Assert.Equal(6L, pool.Size);
        Assert.Equal("10.1.0.0/30,10.0.0.10 - 10.0.0.12,10.0.0.30", pool.ToString());
    }

    [Fact]
    public void Adjacent_entries_do_not_overlap()
    {
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], Addresses("10.0.0.3-10.0.0.4,10.0.0.1-10.0.0.2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_text_is_no_pool(string? text)
    {
        Assert.Null(LoadBalancerPool.Parse(text));
    }

    [Theory]
    [InlineData(", ,", "the load-balancer pool \", ,\" names no addresses")]
    [InlineData("10.0.0.300/28", "\"10.0.0.300/28\" in the load-balancer pool does not start with an IPv4 address")]
    [InlineData("10.0.0.0/33", "\"10.0.0.0/33\" in the load-balancer pool has no prefix length between 0 and 32")]
    [InlineData("10.0.0.0/", "\"10.0.0.0/\" in the load-balancer pool has no prefix length between 0 and 32")]
    [InlineData("10.0.0.0/-1", "\"10.0.0.0/-1\" in the load-balancer pool has no prefix length between 0 and 32")]
    [InlineData("10.0.0.20-10.0.0.10", "\"10.0.0.20-10.0.0.10\" in the load-balancer pool ends before it starts")]
    [InlineData("10.0.0.1-x", "\"10.0.0.1-x\" in the load-balancer pool is not a range of two IPv4 addresses (A-B)")]
    [InlineData("fd00::/64", "\"fd00::/64\" in the load-balancer pool is not IPv4 (only IPv4 pools are supported)")]
    [InlineData("banana", "\"banana\" in the load-balancer pool is not an IPv4 address, CIDR (a.b.c.d/n) or range (A-B)")]
    [InlineData("010.0.0.1/32", "\"010.0.0.1/32\" in the load-balancer pool does not start with an IPv4 address")]
    [InlineData("10.0.0.0/30,10.0.0.2-10.0.0.5", "\"10.0.0.0/30\" and \"10.0.0.2-10.0.0.5\" in the load-balancer pool overlap")]
    [InlineData("10.0.0.0/24,192.168.0.1,10.0.0.128/25", "\"10.0.0.0/24\" and \"10.0.0.128/25\" in the load-balancer pool overlap")]
    public void Bad_input_is_refused_with_a_message_naming_the_entry(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadBalancerPool.Parse(text));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", uint.MaxValue)]
    [InlineData("192.168.1.5", 0xC0A80105u)]
    [InlineData("10.0.0.0", 0x0A000000u)]
    public void Addresses_parse_as_dotted_quads(string text, uint expected)
    {
        Assert.True(LoadBalancerPool.TryParseAddress(text, out var address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("a.b.c.d")]
    [InlineData("::1")]
    [InlineData("1234.1.1.1")]
    public void Anything_but_a_plain_dotted_quad_is_not_an_address(string text)
    {
        Assert.False(LoadBalancerPool.TryParseAddress(text, out _));
    }

    private static List<string> Addresses(string text) => [.. LoadBalancerPool.Parse(text)!.Addresses().Select(Format)];

    private static uint Address(string text) => LoadBalancerPool.TryParseAddress(text, out var address) ? address : throw new ArgumentException(text);

    private static string Format(uint address) => Ipv4Cidr.Format(address);
}
