using KubeSharp.Proxy.Services;

namespace KubeSharp.Proxy.Tests.Services;

public sealed class ServicePortIdTests
{
    [Fact]
    public void The_id_is_a_base32_hash_then_the_readable_name()
    {
        // base32(sha256("default/web/tcp/http"))[:16], as upstream's hashAndTruncate encodes it.
        Assert.Equal("SUSTUHLJ5NERIIXD-default/web/tcp/http", ServicePortId.For("default", "web", "tcp", "http"));
        Assert.Equal("UOIWKFBOEBDHSPNQ-default/web/tcp", ServicePortId.For("default", "web", "tcp", string.Empty));
    }

    [Fact]
    public void Characters_nft_does_not_take_in_names_are_replaced()
    {
        var id = ServicePortId.For("default", "we b", "tcp", "http:x");

        Assert.EndsWith("-default/we_b/tcp/http_x", id, StringComparison.Ordinal);
        Assert.NotEqual(ServicePortId.For("default", "we_b", "tcp", "http_x"), id);
    }
}
