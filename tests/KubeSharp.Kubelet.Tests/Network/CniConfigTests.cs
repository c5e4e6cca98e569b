using System.Text.Json.Nodes;
using KubeSharp.Kubelet.Network;

namespace KubeSharp.Kubelet.Tests.Network;

public sealed class CniConfigTests
{
    [Fact]
    public void The_list_is_bridge_with_host_local_then_portmap()
    {
        var json = JsonNode.Parse(CniConfig.Render("kubesharp-n1", "ks-n1", "10.42.1.0/24", "/var/lib/kubesharp/n1/cni/networks"))!;

        Assert.Equal("1.0.0", json["cniVersion"]!.GetValue<string>());
        Assert.Equal("kubesharp-n1", json["name"]!.GetValue<string>());
        var plugins = json["plugins"]!.AsArray();
        Assert.Equal(["bridge", "portmap"], plugins.Select(p => p!["type"]!.GetValue<string>()));

        var bridge = plugins[0]!;
        Assert.Equal("ks-n1", bridge["bridge"]!.GetValue<string>());
        Assert.True(bridge["isGateway"]!.GetValue<bool>());
        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        Assert.True(bridge["hairpinMode"]!.GetValue<bool>());
        var ipam = bridge["ipam"]!;
        Assert.Equal("host-local", ipam["type"]!.GetValue<string>());
        Assert.Equal("10.42.1.0/24", ipam["ranges"]![0]![0]!["subnet"]!.GetValue<string>());
        Assert.Equal("10.42.1.1", ipam["ranges"]![0]![0]!["gateway"]!.GetValue<string>());
        Assert.Equal("0.0.0.0/0", ipam["routes"]![0]!["dst"]!.GetValue<string>());
        Assert.Equal("/var/lib/kubesharp/n1/cni/networks", ipam["dataDir"]!.GetValue<string>());

        var portmap = plugins[1]!;
        Assert.True(portmap["capabilities"]!["portMappings"]!.GetValue<bool>());
        Assert.True(portmap["snat"]!.GetValue<bool>());
    }

    [Fact]
    public void A_given_gateway_is_used_and_host_bits_of_the_cidr_are_cleared()
    {
        var json = JsonNode.Parse(CniConfig.Render("n", "br", "10.42.7.9/24", "/tmp/ipam", "10.42.7.254"))!;

        var range = json["plugins"]![0]!["ipam"]!["ranges"]![0]![0]!;
        Assert.Equal("10.42.7.0/24", range["subnet"]!.GetValue<string>());
        Assert.Equal("10.42.7.254", range["gateway"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("10.42.1.0", null)]
    [InlineData("fd00::/64", null)]
    [InlineData("10.42.1.0/24", "not-an-ip")]
    public void Bad_addresses_are_refused(string podCidr, string? gateway)
    {
        Assert.Throws<ArgumentException>(() => CniConfig.Render("n", "br", podCidr, "/tmp/ipam", gateway));
    }

    [Fact]
    public async Task The_file_is_written_whole_under_its_name()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kubesharp-cni-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await CniConfig.WriteAsync(directory, "kubesharp-n1", "ks-n1", "10.42.1.0/24", "/tmp/ipam", CancellationToken.None);
            var second = await CniConfig.WriteAsync(directory, "kubesharp-n1", "ks-n1", "10.42.2.0/24", "/tmp/ipam", CancellationToken.None);

            Assert.Equal(Path.Combine(directory, CniConfig.FileName), second);
            Assert.Equal(first, second);
            Assert.Equal(CniConfig.Render("kubesharp-n1", "ks-n1", "10.42.2.0/24", "/tmp/ipam"), await File.ReadAllTextAsync(second));
            Assert.Equal([CniConfig.FileName], Directory.GetFiles(directory).Select(file => Path.GetFileName(file)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
