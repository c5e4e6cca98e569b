using Grpc.Core;
using KubeSharp.Kubelet.Containerd;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Network;
using KubeSharp.Kubelet.Pods;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet;

/// <summary>
/// <c>kubesharp killall</c> (k3s' killall script): removes everything a stopped node left on the
/// machine, by name: its pods' sandboxes and containers (through its own containerd), that
/// containerd, the mounts under its directory, its cgroups, its bridge and its routes.
/// </summary>
internal static partial class NodeCleanup
{
    public static async Task RunAsync(KubeletOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("killall");
        ManagedContainerd? containerd = null;
        var endpoint = options.ContainerRuntimeEndpoint;
        if (endpoint is null && Directory.Exists(options.ContainerdDir))
        {
            containerd = await ManagedContainerd.StartAsync(Kubelet.ContainerdOptionsFor(options), loggers, time, cancellationToken);
            endpoint = containerd.Endpoint;
        }

        try
        {
            if (endpoint is not null)
            {
                using var cri = CriClient.Connect(endpoint);
                await cri.WaitReadyAsync(TimeSpan.FromSeconds(30), time, cancellationToken);
                await RemoveSandboxesAsync(cri, options.NodeName, logger, cancellationToken);
            }
        }
        finally
        {
            if (containerd is not null)
            {
                await containerd.StopAsync(cancellationToken);
            }
        }

        Unmount(options.RootDir, logger);
        PodCgroups.Remove(options.CgroupRoot);
        PodCgroups.RemoveIfEmpty(KubeletOptions.CgroupRootOfAllNodes);
        await NodeNetwork.TearDownAsync(
            new NodeNetworkOptions { BridgeName = options.BridgeName, PodCidr = options.ClusterCidr, ClusterCidr = options.ClusterCidr, ServiceCidr = options.ServiceCidr },
            cancellationToken);
        LogDone(logger, options.NodeName);
    }

    private static async Task RemoveSandboxesAsync(CriClient cri, string nodeName, ILogger logger, CancellationToken cancellationToken)
    {
        var request = new ListPodSandboxRequest { Filter = new PodSandboxFilter() };
        request.Filter.LabelSelector.Add(RuntimeLabels.ManagedBy, nodeName);
        foreach (var sandbox in (await cri.Runtime.ListPodSandboxAsync(request, cancellationToken: cancellationToken)).Items)
        {
            LogRemoving(logger, sandbox.Metadata?.Namespace ?? string.Empty, sandbox.Metadata?.Name ?? string.Empty);
            try
            {
                await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: cancellationToken);
                await cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox.Id }, cancellationToken: cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
                // already gone
            }
        }
    }

    /// <summary>Unmounts every mount point under <paramref name="root"/>, deepest first (tmpfs volumes, rootfs, netns files).</summary>
    private static void Unmount(string root, ILogger logger)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + "/";
        var points = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => fields[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(point => point.Length)
            .ToList();
        foreach (var point in points)
        {
            if (Umount2(point, DetachFlag) != 0)
            {
                LogUnmountFailed(logger, point, System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }
    }

    private const int DetachFlag = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe blocks; this one plain call does not need marshalling speed.
    private static extern int Umount2(string target, int flags);
#pragma warning restore SYSLIB1054

    [LoggerMessage(Level = LogLevel.Information, Message = "removing pod {Namespace}/{Name}")]
    private static partial void LogRemoving(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not unmount {Path} (errno {Errno})")]
    private static partial void LogUnmountFailed(ILogger logger, string path, int errno);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} cleaned up")]
    private static partial void LogDone(ILogger logger, string node);
}
