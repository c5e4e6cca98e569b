using k8s.Models;
using KubeSharp.Kubelet.Pods.Environment;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// Prepares a pod's volumes under <c>&lt;podsDir&gt;/&lt;uid&gt;/volumes/kubernetes.io~&lt;plugin&gt;/&lt;name&gt;</c>
/// as upstream's kubelet lays them out: emptyDir (a directory or a tmpfs), configMap, secret,
/// downwardAPI and projected (files written atomically, read-only in containers), and hostPath
/// (checked, used in place). Called on every pod sync, so ConfigMap and Secret changes reach
/// running pods; unchanged content is not rewritten. Calls for one pod must not overlap.
/// </summary>
internal sealed partial class VolumeManager
{
    public const string EmptyDirPlugin = "kubernetes.io~empty-dir";
    public const string ConfigMapPlugin = "kubernetes.io~configmap";
    public const string SecretPlugin = "kubernetes.io~secret";
    public const string DownwardApiPlugin = "kubernetes.io~downward-api";
    public const string ProjectedPlugin = "kubernetes.io~projected";

    private const UnixFileMode PodDirMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly string _podsDir;
    private readonly IPodObjectSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public VolumeManager(string podsDir, IPodObjectSource source, TimeProvider time, ILogger logger)
    {
        _podsDir = podsDir;
        _source = source;
        _time = time;
        _logger = logger;
    }

    /// <summary>The node's allocatable resources, read by downwardAPI resourceFieldRef items of containers without limits.</summary>
    public NodeAllocatable Allocatable { get; set; } = NodeAllocatable.None;

    /// <summary><c>&lt;podsDir&gt;/&lt;uid&gt;</c>.</summary>
    public string PodDirectory(string podUid) => Path.Combine(_podsDir, podUid);

    /// <summary>
    /// Prepares (or refreshes) every volume of the pod. Every volume is tried even when one fails,
    /// so the healthy ones stay current; the first failure is then thrown.
    /// </summary>
    /// <exception cref="VolumeSetupException">A volume could not be prepared (upstream's FailedMount message).</exception>
    public async Task<PodVolumes> SetUpAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var uid = CheckedUid(pod.Metadata?.Uid);
        var podDir = PodDirectory(uid);
        var volumesDir = Path.Combine(podDir, "volumes");
        Directory.CreateDirectory(podDir, PodDirMode);
        Directory.CreateDirectory(volumesDir, PodDirMode);

        IReadOnlyList<MountPoint>? mounts = null;
        IReadOnlyList<MountPoint> Mounts() => mounts ??= MountTable.Read();

        var prepared = new Dictionary<string, PodVolume>(StringComparer.Ordinal);
        VolumeSetupException? failure = null;
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            try
            {
                prepared[volume.Name] = await SetUpVolumeAsync(pod, volume, volumesDir, Mounts, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception error)
            {
                var setup = error as VolumeSetupException ?? new VolumeSetupException(volume.Name, error.Message, error);
                LogSetUpFailed(PodName(pod), setup.Message);
                failure ??= setup;
            }
        }

        return failure is null ? new PodVolumes(prepared) : throw failure;
    }

    /// <summary>
    /// Removes a pod's directory: unmounts what is mounted under it (tmpfs emptyDirs), then deletes
    /// the tree without following symlinks, so hostPath targets and anything else outside stay.
    /// </summary>
    /// <exception cref="IOException">Something under the pod directory is still mounted; nothing was deleted.</exception>
    public Task TearDownAsync(string podUid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var podDir = PodDirectory(CheckedUid(podUid));
        if (!Symlinks.Exists(podDir))
        {
            return Task.CompletedTask;
        }

        var real = Symlinks.Resolve(podDir);
        foreach (var mount in MountTable.Under(MountTable.Read(), real))
        {
            VolumeSyscalls.Unmount(mount.Path);
            LogUnmounted(mount.Path, podUid);
        }

        var left = MountTable.Under(MountTable.Read(), real);
        if (left.Count > 0)
        {
            throw new IOException($"{podDir} still has mounts: {string.Join(", ", left.Select(mount => mount.Path))}");
        }

        Symlinks.DeleteTree(podDir);
        return Task.CompletedTask;
    }

    private async Task<PodVolume> SetUpVolumeAsync(
        V1Pod pod, V1Volume volume, string volumesDir, Func<IReadOnlyList<MountPoint>> mounts, CancellationToken cancellationToken)
    {
        var name = volume.Name;
        if (volume.HostPath is { } hostPath)
        {
            HostPathVolume.Check(hostPath.Path, hostPath.Type);
            return new PodVolume(name, hostPath.Path, ReadOnly: false);
        }

        if (volume.ConfigMap is { } configMapSource)
        {
            var configMapName = configMapSource.Name ?? string.Empty;
            var optional = configMapSource.Optional == true;
            var configMap = await _source.GetConfigMapAsync(Namespace(pod), configMapName, cancellationToken);
            if (configMap is null && !optional)
            {
                throw new VolumeSetupException(name, $"configmap \"{configMapName}\" not found");
            }

            var payload = KeyPayloads.ConfigMap(configMap, configMapSource.Items, configMapSource.DefaultMode ?? KeyPayloads.DefaultMode, optional);
            return Write(pod, volumesDir, ConfigMapPlugin, name, payload);
        }

        if (volume.Secret is { } secretSource)
        {
            var secretName = secretSource.SecretName ?? string.Empty;
            var optional = secretSource.Optional == true;
            var secret = await _source.GetSecretAsync(Namespace(pod), secretName, cancellationToken);
            if (secret is null && !optional)
            {
                throw new VolumeSetupException(name, $"secret \"{secretName}\" not found");
            }

            var payload = KeyPayloads.Secret(secret, secretSource.Items, secretSource.DefaultMode ?? KeyPayloads.DefaultMode, optional);
            return Write(pod, volumesDir, SecretPlugin, name, payload);
        }

        if (volume.DownwardAPI is { } downwardApi)
        {
            var payload = DownwardApiPayload.Collect(downwardApi.Items, pod, Allocatable, downwardApi.DefaultMode ?? KeyPayloads.DefaultMode);
            return Write(pod, volumesDir, DownwardApiPlugin, name, payload);
        }

        if (volume.Projected is { } projected)
        {
            var payload = await ProjectedPayload.CollectAsync(projected, pod, _source, Allocatable, cancellationToken);
            return Write(pod, volumesDir, ProjectedPlugin, name, payload);
        }

        if (volume.EmptyDir is not null || HasNoSource(volume))
        {
            // The API defaults a volume without a source to an emptyDir.
            var dir = Path.Combine(volumesDir, EmptyDirPlugin, name);
            if (EmptyDirVolume.SetUp(dir, volume.EmptyDir ?? new V1EmptyDirVolumeSource(), mounts))
            {
                LogTmpfsMounted(dir, PodName(pod));
            }

            return new PodVolume(name, dir, ReadOnly: false);
        }

        throw new VolumeSetupException(name, "no volume plugin matched");
    }

    /// <summary>A file-backed volume: its directory, the payload written atomically, read-only in containers.</summary>
    private PodVolume Write(V1Pod pod, string volumesDir, string plugin, string name, Dictionary<string, FileProjection> payload)
    {
        var dir = Path.Combine(volumesDir, plugin, name);
        EmptyDirVolume.EnsureDirectory(dir, EmptyDirVolume.DirectoryMode);
        if (AtomicWriter.Write(dir, payload, _time))
        {
            LogWritten(name, PodName(pod), payload.Count);
        }

        return new PodVolume(name, dir, ReadOnly: true);
    }

    private static bool HasNoSource(V1Volume volume) =>
        volume is
        {
            AwsElasticBlockStore: null, AzureDisk: null, AzureFile: null, Cephfs: null, Cinder: null, Csi: null,
            Ephemeral: null, Fc: null, FlexVolume: null, Flocker: null, GcePersistentDisk: null, GitRepo: null,
            Glusterfs: null, Image: null, Iscsi: null, Nfs: null, PersistentVolumeClaim: null, PhotonPersistentDisk: null,
            PortworxVolume: null, Quobyte: null, Rbd: null, ScaleIO: null, Storageos: null, VsphereVolume: null
        };

    /// <summary>A UID is one path component, so no pod directory lies outside the pods directory.</summary>
    private static string CheckedUid(string? uid) =>
        uid is { Length: > 0 } && uid != "." && uid != ".." && !uid.Contains('/', StringComparison.Ordinal)
            ? uid
            : throw new ArgumentException($"invalid pod UID \"{uid}\"", nameof(uid));

    private static string Namespace(V1Pod pod) => pod.Metadata?.NamespaceProperty ?? string.Empty;

    private static string PodName(V1Pod pod) => $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "volume {Volume} of pod {Pod} written ({Files} files)")]
    private partial void LogWritten(string volume, string pod, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "tmpfs mounted on {Path} for pod {Pod}")]
    private partial void LogTmpfsMounted(string path, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Pod}: {Failure}")]
    private partial void LogSetUpFailed(string pod, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "unmounted {Path} of pod {Uid}")]
    private partial void LogUnmounted(string path, string uid);
}
