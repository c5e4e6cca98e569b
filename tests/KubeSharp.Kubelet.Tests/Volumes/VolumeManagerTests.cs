using System.Net.Sockets;
using k8s.Models;
using KubeSharp.Kubelet.Pods.Environment;
using KubeSharp.Kubelet.Volumes;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Volumes;

public sealed class VolumeManagerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("volumes");
    private readonly FakePodObjectSource _source = new();
    private readonly VolumeManager _volumes;

    public VolumeManagerTests()
    {
        _volumes = new VolumeManager(_dir.File("pods"), _source, TimeProvider.System, NullLogger.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _volumes.TearDownAsync(TestPods.Uid, CancellationToken.None);
        _dir.Dispose();
    }

    [Fact]
    public async Task A_configMap_volume_shows_every_key_read_only_with_the_default_mode()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["app.yaml"] = "a: 1", ["level"] = "debug" });
        var pod = TestPods.With(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } });

        var volumes = await _volumes.SetUpAsync(pod, CancellationToken.None);

        Assert.True(volumes.TryGet("cfg", out _));
        var volume = volumes.ByName["cfg"];
        Assert.Equal(Path.Combine(_dir.File("pods"), TestPods.Uid, "volumes", "kubernetes.io~configmap", "cfg"), volume.HostPath);
        Assert.True(volume.ReadOnly);
        Assert.Equal("a: 1", File.ReadAllText(Path.Combine(volume.HostPath, "app.yaml")));
        Assert.Equal("debug", File.ReadAllText(Path.Combine(volume.HostPath, "level")));
        Assert.Equal("644", TestPods.Octal(File.GetUnixFileMode(RealFile(volume, "level"))));
    }

    [Fact]
    public async Task ConfigMap_items_choose_keys_paths_and_modes()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["a"] = "1", ["b"] = "2", ["c"] = "3" });
        var pod = TestPods.With(new V1Volume
        {
            Name = "cfg",
            ConfigMap = new V1ConfigMapVolumeSource
            {
                Name = "settings",
                DefaultMode = 0b110_100_000,
                Items = [new V1KeyToPath { Key = "a", Path = "nested/a.txt", Mode = 0b100_000_000 }, new V1KeyToPath { Key = "b", Path = "b.txt" }],
            },
        });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["cfg"];

        Assert.Equal(["..data", "b.txt", "nested"], VisibleEntries(volume.HostPath));
        Assert.Equal("1", File.ReadAllText(Path.Combine(volume.HostPath, "nested", "a.txt")));
        Assert.Equal("400", TestPods.Octal(File.GetUnixFileMode(RealFile(volume, "nested/a.txt"))));
        Assert.Equal("640", TestPods.Octal(File.GetUnixFileMode(RealFile(volume, "b.txt"))));
    }

    [Fact]
    public async Task A_changed_configMap_reaches_the_volume_on_the_next_sync()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["level"] = "debug" });
        var pod = TestPods.With(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } });
        var path = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["cfg"].HostPath;

        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["level"] = "info", ["extra"] = "x" });
        await _volumes.SetUpAsync(pod, CancellationToken.None);

        Assert.Equal("info", File.ReadAllText(Path.Combine(path, "level")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(path, "extra")));
    }

    [Fact]
    public async Task A_missing_configMap_fails_with_upstreams_message()
    {
        var pod = TestPods.With(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "x" } });

        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));

        Assert.Equal("MountVolume.SetUp failed for volume \"cfg\" : configmap \"x\" not found", error.Message);
        Assert.Equal("cfg", error.VolumeName);
    }

    [Fact]
    public async Task A_missing_optional_configMap_gives_an_empty_volume()
    {
        var pod = TestPods.With(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "x", Optional = true } });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["cfg"];

        Assert.Equal(["..data"], VisibleEntries(volume.HostPath));
    }

    [Fact]
    public async Task A_missing_key_fails_unless_the_source_is_optional()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["a"] = "1" });
        var items = new List<V1KeyToPath> { new() { Key = "nope", Path = "nope" } };
        var pod = TestPods.With(new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings", Items = items } });

        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));
        Assert.Equal("MountVolume.SetUp failed for volume \"cfg\" : configmap references non-existent config key: nope", error.Message);

        pod.Spec.Volumes[0].ConfigMap.Optional = true;
        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["cfg"];
        Assert.Equal(["..data"], VisibleEntries(volume.HostPath));
    }

    [Fact]
    public async Task Other_volumes_are_still_set_up_when_one_fails()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["a"] = "1" });
        var pod = TestPods.With(
            new V1Volume { Name = "broken", Secret = new V1SecretVolumeSource { SecretName = "absent" } },
            new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } });

        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));

        Assert.Equal("MountVolume.SetUp failed for volume \"broken\" : secret \"absent\" not found", error.Message);
        Assert.True(File.Exists(Path.Combine(_dir.File("pods"), TestPods.Uid, "volumes", "kubernetes.io~configmap", "cfg", "a")));
    }

    [Fact]
    public async Task A_secret_volume_holds_the_decoded_values()
    {
        _source.WithSecret(TestPods.Namespace, "creds", new() { ["password"] = "s3cret", ["user"] = "admin" });
        var pod = TestPods.With(new V1Volume
        {
            Name = "creds",
            Secret = new V1SecretVolumeSource { SecretName = "creds", Items = [new V1KeyToPath { Key = "password", Path = "pw", Mode = 0b110_000_000 }] },
        });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["creds"];

        Assert.EndsWith("/kubernetes.io~secret/creds", volume.HostPath, StringComparison.Ordinal);
        Assert.True(volume.ReadOnly);
        Assert.Equal(["..data", "pw"], VisibleEntries(volume.HostPath));
        Assert.Equal("s3cret", File.ReadAllText(Path.Combine(volume.HostPath, "pw")));
        Assert.Equal("600", TestPods.Octal(File.GetUnixFileMode(RealFile(volume, "pw"))));
    }

    [Fact]
    public async Task A_downwardAPI_volume_writes_metadata_and_resources()
    {
        _volumes.Allocatable = new NodeAllocatable(new ResourceQuantity("4"), new ResourceQuantity("8Gi"));
        var pod = TestPods.With(new V1Volume
        {
            Name = "info",
            DownwardAPI = new V1DownwardAPIVolumeSource
            {
                Items =
                [
                    new V1DownwardAPIVolumeFile { Path = "labels", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels" } },
                    new V1DownwardAPIVolumeFile { Path = "annotations", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.annotations" } },
                    new V1DownwardAPIVolumeFile { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
                    new V1DownwardAPIVolumeFile { Path = "tier", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels['tier']" } },
                    new V1DownwardAPIVolumeFile
                    {
                        Path = "mem",
                        ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "app", Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") },
                    },
                    new V1DownwardAPIVolumeFile
                    {
                        Path = "cpu",
                        ResourceFieldRef = new V1ResourceFieldSelector { ContainerName = "sidecar", Resource = "limits.cpu" },
                    },
                ],
            },
        });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["info"];

        Assert.True(volume.ReadOnly);
        Assert.Equal("app=\"web\"\ntier=\"front\"", Read(volume, "labels"));
        Assert.Equal("note=\"say \\\"hi\\\"\\nbye\"", Read(volume, "annotations"));
        Assert.Equal("web", Read(volume, "name"));
        Assert.Equal("front", Read(volume, "tier"));
        Assert.Equal("64", Read(volume, "mem"));
        Assert.Equal("4", Read(volume, "cpu"));
    }

    [Fact]
    public async Task A_projected_volume_merges_its_sources_and_skips_tokens()
    {
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["app.yaml"] = "a: 1" });
        _source.WithSecret(TestPods.Namespace, "creds", new() { ["token"] = "t" });
        var pod = TestPods.With(new V1Volume
        {
            Name = "all",
            Projected = new V1ProjectedVolumeSource
            {
                Sources =
                [
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "settings" } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "creds", Items = [new V1KeyToPath { Key = "token", Path = "auth/token" }] } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "absent", Optional = true } },
                    new V1VolumeProjection
                    {
                        DownwardAPI = new V1DownwardAPIProjection
                        {
                            Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } }],
                        },
                    },
                    new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token" } },
                ],
            },
        });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["all"];

        Assert.EndsWith("/kubernetes.io~projected/all", volume.HostPath, StringComparison.Ordinal);
        Assert.Equal(["..data", "app.yaml", "auth", "namespace"], VisibleEntries(volume.HostPath));
        Assert.Equal("t", Read(volume, "auth/token"));
        Assert.Equal(TestPods.Namespace, Read(volume, "namespace"));
    }

    [Fact]
    public async Task Projected_sources_report_every_failure()
    {
        var pod = TestPods.With(new V1Volume
        {
            Name = "all",
            Projected = new V1ProjectedVolumeSource
            {
                Sources =
                [
                    new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "a" } },
                    new V1VolumeProjection { Secret = new V1SecretProjection { Name = "b" } },
                ],
            },
        });

        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));

        Assert.Equal("[configmap \"a\" not found, secret \"b\" not found]", error.Reason);
    }

    [Fact]
    public async Task An_emptyDir_is_a_writable_directory()
    {
        var pod = TestPods.With(new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["scratch"];

        Assert.EndsWith("/kubernetes.io~empty-dir/scratch", volume.HostPath, StringComparison.Ordinal);
        Assert.False(volume.ReadOnly);
        Assert.Equal("777", TestPods.Octal(File.GetUnixFileMode(volume.HostPath)));
    }

    [Fact]
    public async Task A_memory_emptyDir_is_a_tmpfs_mounted_once_and_unmounted_at_teardown()
    {
        if (Environment.UserName != "root")
        {
            return;
        }

        var pod = TestPods.With(new V1Volume { Name = "cache", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("1Mi") } });

        var path = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["cache"].HostPath;
        await _volumes.SetUpAsync(pod, CancellationToken.None);

        var real = Symlinks.Resolve(path);
        Assert.Equal(["tmpfs"], MountTable.Read().Where(mount => mount.Path == real).Select(mount => mount.FileSystemType));
        await _volumes.TearDownAsync(TestPods.Uid, CancellationToken.None);
        Assert.DoesNotContain(MountTable.Read(), mount => mount.Path == real);
        Assert.False(Directory.Exists(_volumes.PodDirectory(TestPods.Uid)));
    }

    [Fact]
    public async Task An_unknown_emptyDir_medium_fails()
    {
        var pod = TestPods.With(new V1Volume { Name = "pages", EmptyDir = new V1EmptyDirVolumeSource { Medium = "HugePages" } });

        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));

        Assert.Equal("unknown storage medium \"HugePages\"", error.Reason);
    }

    [Fact]
    public async Task HostPath_DirectoryOrCreate_makes_the_directory_and_Directory_requires_one()
    {
        var made = _dir.File("host/made");
        var missing = _dir.File("host/missing");
        var pod = TestPods.With(
            new V1Volume { Name = "made", HostPath = new V1HostPathVolumeSource { Path = made, Type = "DirectoryOrCreate" } });

        var volume = (await _volumes.SetUpAsync(pod, CancellationToken.None)).ByName["made"];

        Assert.Equal(made, volume.HostPath);
        Assert.False(volume.ReadOnly);
        Assert.True(Directory.Exists(made));

        pod.Spec.Volumes.Add(new V1Volume { Name = "missing", HostPath = new V1HostPathVolumeSource { Path = missing, Type = "Directory" } });
        var error = await Assert.ThrowsAsync<VolumeSetupException>(() => _volumes.SetUpAsync(pod, CancellationToken.None));
        Assert.Equal($"MountVolume.SetUp failed for volume \"missing\" : hostPath type check failed: {missing} is not a directory", error.Message);
    }

    [Fact]
    public async Task HostPath_types_are_checked_against_what_is_there()
    {
        var socketPath = _dir.File("control.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var file = _dir.File("plain.txt");
        await File.WriteAllTextAsync(file, "x");

        async Task<string?> Check(string path, string type)
        {
            var pod = TestPods.With(new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = path, Type = type } });
            try
            {
                await _volumes.SetUpAsync(pod, CancellationToken.None);
                return null;
            }
            catch (VolumeSetupException error)
            {
                return error.Reason;
            }
        }

        Assert.Null(await Check(socketPath, "Socket"));
        Assert.Null(await Check("/dev/null", "CharDevice"));
        Assert.Null(await Check(file, "File"));
        Assert.Null(await Check(_dir.File("new.txt"), "FileOrCreate"));
        Assert.True(File.Exists(_dir.File("new.txt")));
        Assert.Null(await Check(_dir.File("anything"), ""));
        Assert.Equal($"hostPath type check failed: {file} is not a socket file", await Check(file, "Socket"));
        Assert.Equal($"hostPath type check failed: {_dir.Path} is not a file", await Check(_dir.Path, "File"));
        Assert.Equal("hostPath type check failed: /dev/null is not a block device", await Check("/dev/null", "BlockDevice"));
        Assert.Equal("invalid HostPath `/var/../etc`: must not contain '..'", await Check("/var/../etc", "Directory"));
        Assert.Equal("Weird is an invalid volume type", await Check(_dir.Path, "Weird"));
    }

    [Fact]
    public async Task Teardown_deletes_links_but_not_what_they_point_to()
    {
        var outside = _dir.File("outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "keep.txt"), "precious");
        _source.WithConfigMap(TestPods.Namespace, "settings", new() { ["a"] = "1" });
        var pod = TestPods.With(
            new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() },
            new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } },
            new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = outside } });
        var volumes = await _volumes.SetUpAsync(pod, CancellationToken.None);
        File.CreateSymbolicLink(Path.Combine(volumes.ByName["scratch"].HostPath, "escape"), outside);

        await _volumes.TearDownAsync(TestPods.Uid, CancellationToken.None);

        Assert.False(Directory.Exists(_volumes.PodDirectory(TestPods.Uid)));
        Assert.Equal("precious", await File.ReadAllTextAsync(Path.Combine(outside, "keep.txt")));
    }

    [Fact]
    public async Task Teardown_of_an_unknown_pod_does_nothing_and_a_bad_uid_is_refused()
    {
        await _volumes.TearDownAsync("no-such-pod", CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => _volumes.TearDownAsync("..", CancellationToken.None));
    }

    private static string Read(PodVolume volume, string path) => File.ReadAllText(Path.Combine(volume.HostPath, path));

    /// <summary>The file behind the visible link, in the timestamped directory.</summary>
    private static string RealFile(PodVolume volume, string path) => Symlinks.Resolve(Path.Combine(volume.HostPath, path));

    /// <summary>The volume's entries without the timestamped directories.</summary>
    private static List<string> VisibleEntries(string dir) =>
    [
        .. new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 })
            .Select(entry => entry.Name)
            .Where(name => !name.StartsWith("..2", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal),
    ];
}
