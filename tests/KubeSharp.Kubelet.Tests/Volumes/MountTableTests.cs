using KubeSharp.Kubelet.Volumes;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class MountTableTests
{
    [Fact]
    public void Mountinfo_lines_give_the_mount_point_and_type_with_escapes_undone()
    {
        const string Text =
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw\n" +
            "98 22 0:52 / /var/lib/pods/a\\040b/volumes rw,relatime shared:40 master:2 - tmpfs tmpfs rw,size=1024k\n" +
            "99 22 0:53 / /short rw - proc proc rw\n" +
            "garbage line\n";

        var mounts = MountTable.Parse(Text);

        Assert.Equal(
            [new MountPoint("/", "ext4"), new MountPoint("/var/lib/pods/a b/volumes", "tmpfs"), new MountPoint("/short", "proc")],
            mounts);
    }

    [Fact]
    public void Mounts_under_a_directory_come_deepest_first()
    {
        var mounts = new[]
        {
            new MountPoint("/pods/1", "tmpfs"),
            new MountPoint("/pods/1/volumes/a", "tmpfs"),
            new MountPoint("/pods/10", "tmpfs"),
            new MountPoint("/other", "ext4"),
        };

        Assert.Equal(["/pods/1/volumes/a", "/pods/1"], MountTable.Under(mounts, "/pods/1").Select(mount => mount.Path));
    }

    [Fact]
    public void This_process_sees_its_root_mount()
    {
        Assert.Contains(MountTable.Read(), mount => mount.Path == "/");
    }
}
