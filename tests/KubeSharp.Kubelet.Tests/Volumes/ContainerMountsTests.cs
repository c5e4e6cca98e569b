using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Volumes;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class ContainerMountsTests : IDisposable
{
    private readonly TempDirectory _dir = new("mounts");
    private readonly PodVolumes _volumes;

    public ContainerMountsTests()
    {
        var scratch = _dir.File("scratch");
        var config = _dir.File("config");
        Directory.CreateDirectory(scratch);
        Directory.CreateDirectory(config);
        _volumes = new PodVolumes(new Dictionary<string, PodVolume>(StringComparer.Ordinal)
        {
            ["scratch"] = new("scratch", scratch, ReadOnly: false),
            ["cfg"] = new("cfg", config, ReadOnly: true),
        });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Volume_mounts_become_bind_mounts_read_only_where_the_plugin_forces_it()
    {
        var container = Container(
            new V1VolumeMount { Name = "scratch", MountPath = "/data" },
            new V1VolumeMount { Name = "scratch", MountPath = "/ro", ReadOnlyProperty = true },
            new V1VolumeMount { Name = "cfg", MountPath = "/etc/app", MountPropagation = "HostToContainer" });

        var mounts = ContainerMounts.Build(container, _volumes);

        Assert.Equal(3, mounts.Count);
        Assert.Equal(("/data", _dir.File("scratch"), false), (mounts[0].ContainerPath, mounts[0].HostPath, mounts[0].Readonly));
        Assert.Equal(MountPropagation.PropagationPrivate, mounts[0].Propagation);
        Assert.False(mounts[0].SelinuxRelabel);
        Assert.True(mounts[1].Readonly);
        Assert.True(mounts[2].Readonly);
        Assert.Equal(MountPropagation.PropagationHostToContainer, mounts[2].Propagation);
    }

    [Fact]
    public void A_missing_subPath_is_created_inside_the_volume()
    {
        var container = Container(new V1VolumeMount { Name = "scratch", MountPath = "/logs", SubPath = "logs/app" });

        var mount = Assert.Single(ContainerMounts.Build(container, _volumes));

        Assert.Equal(Symlinks.Resolve(_dir.File("scratch/logs/app")), mount.HostPath);
        Assert.True(Directory.Exists(mount.HostPath));
    }

    [Theory]
    [InlineData("/etc", "error SubPath `/etc` must not be an absolute path")]
    [InlineData("../other", "unable to provision SubPath `../other`: must not contain '..'")]
    [InlineData("a/../../b", "unable to provision SubPath `a/../../b`: must not contain '..'")]
    public void Absolute_and_backstepping_subPaths_are_refused(string subPath, string message)
    {
        var container = Container(new V1VolumeMount { Name = "scratch", MountPath = "/x", SubPath = subPath });

        var error = Assert.Throws<ContainerStartException>(() => ContainerMounts.Build(container, _volumes));

        Assert.Equal("CreateContainerConfigError", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_subPath_that_escapes_through_a_symlink_is_refused()
    {
        Directory.CreateDirectory(_dir.File("secret-place"));
        File.CreateSymbolicLink(_dir.File("scratch/escape"), _dir.File("secret-place"));
        var container = Container(new V1VolumeMount { Name = "scratch", MountPath = "/x", SubPath = "escape" });

        var error = Assert.Throws<ContainerStartException>(() => ContainerMounts.Build(container, _volumes));

        Assert.Equal("failed to prepare subPath for volumeMount \"scratch\" of container \"app\"", error.Message);
    }

    [Fact]
    public void A_subPath_through_a_link_inside_the_volume_mounts_the_resolved_file()
    {
        var data = _dir.File("config/..2025_01_02_03_04_05.1");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "app.yaml"), "a: 1");
        File.CreateSymbolicLink(_dir.File("config/..data"), "..2025_01_02_03_04_05.1");
        File.CreateSymbolicLink(_dir.File("config/app.yaml"), "..data/app.yaml");
        var container = Container(new V1VolumeMount { Name = "cfg", MountPath = "/etc/app.yaml", SubPath = "app.yaml" });

        var mount = Assert.Single(ContainerMounts.Build(container, _volumes));

        Assert.Equal(Symlinks.Resolve(Path.Combine(data, "app.yaml")), mount.HostPath);
        Assert.True(mount.Readonly);
    }

    [Fact]
    public void SubPathExpr_expands_from_the_environment_and_needs_every_variable()
    {
        var container = Container(new V1VolumeMount { Name = "scratch", MountPath = "/logs", SubPathExpr = "$(POD_NAME)/logs" });
        var env = new List<KeyValue> { new() { Key = "POD_NAME", Value = "web-1" } };

        var mount = Assert.Single(ContainerMounts.Build(container, _volumes, env));
        Assert.Equal(Symlinks.Resolve(_dir.File("scratch/web-1/logs")), mount.HostPath);

        var error = Assert.Throws<ContainerStartException>(() => ContainerMounts.Build(container, _volumes, [new KeyValue { Key = "POD_NAME", Value = "" }]));
        Assert.Equal("missing value for POD_NAME", error.Message);
    }

    [Fact]
    public void An_unknown_volume_is_a_config_error()
    {
        var container = Container(new V1VolumeMount { Name = "nope", MountPath = "/x" });

        var error = Assert.Throws<ContainerStartException>(() => ContainerMounts.Build(container, _volumes));

        Assert.Equal("cannot find volume \"nope\" to mount into container \"app\"", error.Message);
    }

    [Fact]
    public void The_termination_log_is_a_fresh_world_writable_file_per_attempt()
    {
        var podDir = _dir.File("pod");
        var container = Container();

        var (mount, hostPath) = ContainerMounts.TerminationLogMount(container, podDir);
        var (_, second) = ContainerMounts.TerminationLogMount(container, podDir);

        Assert.Equal("/dev/termination-log", mount.ContainerPath);
        Assert.Equal(hostPath, mount.HostPath);
        Assert.False(mount.Readonly);
        Assert.Equal(Path.Combine(podDir, "containers", "app"), Path.GetDirectoryName(hostPath));
        Assert.Equal(0, new FileInfo(hostPath).Length);
        Assert.Equal("666", TestPods.Octal(File.GetUnixFileMode(hostPath)));
        Assert.NotEqual(hostPath, second);

        container.TerminationMessagePath = "/tmp/last-words";
        Assert.Equal("/tmp/last-words", ContainerMounts.TerminationLogMount(container, podDir).Mount.ContainerPath);
    }

    private static V1Container Container(params V1VolumeMount[] mounts) => new() { Name = "app", Image = "busybox", VolumeMounts = [.. mounts] };
}
