using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeInfoReaderTests
{
    [Fact]
    public void The_os_image_is_the_unquoted_pretty_name()
    {
        const string OsRelease = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";

        Assert.Equal("Debian GNU/Linux 12 (bookworm)", NodeInfoReader.OsImage(OsRelease));
        Assert.Equal("Alpine", NodeInfoReader.OsImage("PRETTY_NAME=Alpine\n"));
        Assert.Equal("Linux", NodeInfoReader.OsImage("ID=debian\n"));
        Assert.Equal("Linux", NodeInfoReader.OsImage(null));
    }

    [Fact]
    public void The_runtime_version_is_name_and_version_as_a_url()
    {
        var version = new VersionResponse { Version = "0.1.0", RuntimeName = "containerd", RuntimeVersion = "1.6.20", RuntimeApiVersion = "v1" };

        Assert.Equal("containerd://1.6.20", NodeInfoReader.ContainerRuntimeVersion(version));
    }

    [Fact]
    public void Node_info_carries_the_versions_and_platform()
    {
        var info = NodeInfoReader.Read(new VersionResponse { RuntimeName = "containerd", RuntimeVersion = "1.6.20" });

        Assert.Equal("v1.32.0", info.KubeletVersion);
        Assert.Equal(NodeInfoReader.KubeletVersion, info.KubeProxyVersion);
        Assert.Equal("linux", info.OperatingSystem);
        Assert.True(info.Architecture is "amd64" or "arm64");
        Assert.Equal("containerd://1.6.20", info.ContainerRuntimeVersion);
        Assert.NotNull(info.OsImage);
    }
}
