using KubeSharp.Api.Networking;
using KubeSharp.Controllers.NodeIpam;

namespace KubeSharp.Controllers.Tests.NodeIpam;

public sealed class CidrSetTests
{
    [Fact]
    public void A_slash_16_gives_256_distinct_slash_24s_in_order_then_runs_out()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);
        Assert.Equal(256, set.Capacity);

        var handed = new List<string>();
        for (var i = 0; i < 256; i++)
        {
            Assert.True(set.TryAllocateNext(out var subnet));
            handed.Add(subnet.ToString());
        }

        Assert.Equal("10.42.0.0/24", handed[0]);
        Assert.Equal("10.42.1.0/24", handed[1]);
        Assert.Equal("10.42.255.0/24", handed[255]);
        Assert.Equal(256, handed.Distinct().Count());
        Assert.Equal(256, set.Allocated);
        Assert.False(set.TryAllocateNext(out _));
    }

    [Fact]
    public void Occupied_subnets_are_skipped()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);

        Assert.True(set.Occupy(Cidr("10.42.0.0/24")));
        Assert.True(set.Occupy(Cidr("10.42.1.0/24")));
        Assert.True(set.Occupy(Cidr("10.42.1.0/24")));

        Assert.Equal(2, set.Allocated);
        Assert.True(set.TryAllocateNext(out var subnet));
        Assert.Equal("10.42.2.0/24", subnet.ToString());
    }

    [Fact]
    public void A_range_wider_than_a_subnet_occupies_every_subnet_it_covers()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);

        Assert.True(set.Occupy(Cidr("10.42.4.0/23")));

        Assert.Equal(2, set.Allocated);
        Assert.True(set.IsUsed(Cidr("10.42.4.0/24")));
        Assert.True(set.IsUsed(Cidr("10.42.5.0/24")));
        Assert.False(set.IsUsed(Cidr("10.42.6.0/24")));
    }

    [Fact]
    public void A_range_outside_the_cluster_cidr_is_refused()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);

        Assert.False(set.Occupy(Cidr("10.43.0.0/24")));
        Assert.False(set.Release(Cidr("192.168.0.0/24")));
        Assert.Equal(0, set.Allocated);
    }

    [Fact]
    public void A_released_subnet_is_free_again_but_allocation_moves_on_first()
    {
        var set = new CidrSet(Cidr("10.42.0.0/16"), 24);
        Assert.True(set.TryAllocateNext(out var first));
        Assert.True(set.TryAllocateNext(out _));

        Assert.True(set.Release(first));
        Assert.Equal(1, set.Allocated);
        Assert.False(set.IsUsed(first));

        // The search goes on from after the last one handed out, so the freed one is not reused at once.
        Assert.True(set.TryAllocateNext(out var third));
        Assert.Equal("10.42.2.0/24", third.ToString());
    }

    [Fact]
    public void When_full_a_released_subnet_is_the_next_one_handed_out()
    {
        var set = new CidrSet(Cidr("10.42.0.0/22"), 24);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(set.TryAllocateNext(out _));
        }

        Assert.False(set.TryAllocateNext(out _));
        Assert.True(set.Release(Cidr("10.42.2.0/24")));

        Assert.True(set.TryAllocateNext(out var subnet));
        Assert.Equal("10.42.2.0/24", subnet.ToString());
        Assert.False(set.TryAllocateNext(out _));
    }

    [Fact]
    public void A_node_mask_shorter_than_the_cluster_prefix_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CidrSet(Cidr("10.42.0.0/16"), 15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CidrSet(Cidr("10.42.0.0/16"), 33));
        Assert.Equal(1, new CidrSet(Cidr("10.42.0.0/16"), 16).Capacity);
    }

    [Theory]
    [InlineData("10.42.3.7/24", "10.42.3.0/24")]
    [InlineData("10.42.0.0/16", "10.42.0.0/16")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Cidrs_parse_with_host_bits_cleared(string text, string expected)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out var cidr));
        Assert.Equal(expected, cidr.ToString());
    }

    [Theory]
    [InlineData("fd00::/64")]
    [InlineData("10.42.0.0")]
    [InlineData("10.42.0.0/33")]
    [InlineData("10.42.0.0/-1")]
    [InlineData("/24")]
    [InlineData("")]
    public void Anything_but_an_ipv4_cidr_is_refused(string text) => Assert.False(Ipv4Cidr.TryParse(text, out _));

    private static Ipv4Cidr Cidr(string text)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out var cidr), text);
        return cidr;
    }
}
