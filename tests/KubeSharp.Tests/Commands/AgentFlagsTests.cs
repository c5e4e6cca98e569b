using KubeSharp.Commands;

namespace KubeSharp.Tests.Commands;

public sealed class AgentFlagsTests
{
    [Theory]
    [InlineData("vm", "vm")]
    [InlineData("Build_Host.Example.COM", "build-host.example.com")]
    [InlineData("_weird_", "weird")]
    [InlineData("___", "node")]
    public void A_host_name_becomes_a_valid_node_name(string hostName, string expected) =>
        Assert.Equal(expected, AgentFlags.NodeNameOf(hostName));
}
