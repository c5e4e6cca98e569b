using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Volumes;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class EtcHostsTests : IDisposable
{
    private const string Localhost =
        "# Kubernetes-managed hosts file.\n" +
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\n" +
        "fe00::0\tip6-mcastprefix\n" +
        "fe00::1\tip6-allnodes\n" +
        "fe00::2\tip6-allrouters\n";

    private readonly TempDirectory _dir = new("etc-hosts");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_pod_has_localhost_entries_and_its_own_address()
    {
        Assert.Equal(Localhost + "10.42.0.7\tweb\n", EtcHosts.Content(Pod(), "10.42.0.7"));
    }

    [Fact]
    public void A_subdomain_adds_the_fully_qualified_name_and_aliases_follow()
    {
        var pod = Pod();
        pod.Spec.Hostname = "db-0";
        pod.Spec.Subdomain = "db";
        pod.Spec.HostAliases =
        [
            new V1HostAlias { Ip = "10.0.0.1", Hostnames = ["foo.local", "bar.local"] },
            new V1HostAlias { Ip = "10.0.0.2", Hostnames = ["baz.local"] },
        ];

        var content = EtcHosts.Content(pod, "10.42.0.7", "corp.example");

        Assert.Equal(
            Localhost +
            "10.42.0.7\tdb-0.db.team.svc.corp.example\tdb-0\n" +
            "\n# Entries added by HostAliases.\n" +
            "10.0.0.1\tfoo.local\tbar.local\n" +
            "10.0.0.2\tbaz.local\n",
            content);
    }

    [Fact]
    public void Without_an_address_the_pod_line_is_left_out()
    {
        Assert.Equal(Localhost, EtcHosts.Content(Pod(), string.Empty));
    }

    [Fact]
    public void A_host_network_pod_gets_the_nodes_file()
    {
        var nodeHosts = _dir.File("node-hosts");
        File.WriteAllText(nodeHosts, "127.0.0.1 localhost\n192.0.2.10 node-1\n");
        var pod = Pod();
        pod.Spec.HostNetwork = true;
        pod.Spec.HostAliases = [new V1HostAlias { Ip = "10.0.0.1", Hostnames = ["foo.local"] }];

        var content = EtcHosts.Content(pod, "192.0.2.10", EtcHosts.DefaultClusterDomain, nodeHosts);

        Assert.Equal(
            "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n192.0.2.10 node-1\n" +
            "\n# Entries added by HostAliases.\n10.0.0.1\tfoo.local\n",
            content);
    }

    [Fact]
    public void Write_keeps_the_file_in_place_with_mode_0644()
    {
        var path = EtcHosts.PathIn(_dir.Path);
        EtcHosts.Write(path, Pod(), "10.42.0.7");

        // A handle opened before the rewrite sees the new text only if the file was not replaced (as a bind mount would not).
        using var opened = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        EtcHosts.Write(path, Pod(), "10.42.0.8");
        using var reader = new StreamReader(opened);

        Assert.EndsWith("10.42.0.8\tweb\n", reader.ReadToEnd(), StringComparison.Ordinal);
        Assert.Equal("644", TestPods.Octal(File.GetUnixFileMode(path)));
    }

    [Fact]
    public void No_mount_when_the_container_mounts_its_own_hosts_file()
    {
        var plain = new V1Container { Name = "app" };
        var own = new V1Container { Name = "app", VolumeMounts = [new V1VolumeMount { Name = "h", MountPath = "/etc/hosts" }] };

        var mount = Assert.IsType<Mount>(EtcHosts.MountFor(plain, "/pods/1/etc-hosts"));

        Assert.Equal(("/etc/hosts", "/pods/1/etc-hosts", false), (mount.ContainerPath, mount.HostPath, mount.Readonly));
        Assert.Null(EtcHosts.MountFor(own, "/pods/1/etc-hosts"));
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team", Uid = "1" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }] },
    };
}
