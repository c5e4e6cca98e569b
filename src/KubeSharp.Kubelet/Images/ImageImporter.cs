using KubeSharp.Api.Host;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Loads image archives into the node's containerd with <c>ctr images import</c>, in the
/// namespace CRI uses and unpacked for its snapshotter, so pods can use them at once.
/// </summary>
internal static partial class ImageImporter
{
    private const string Ctr = "/usr/bin/ctr";
    private const string CriNamespace = "k8s.io";
    private const string Snapshotter = "overlayfs";
    private const string UnixScheme = "unix://";

    private static readonly TimeSpan VisibleTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan VisiblePoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Imports every image in the archive (OCI layout or docker save tar) and returns their names.
    /// The archive is read first, and refused if any image in it lacks a fully qualified name.
    /// Only the host's platform is imported (ctr's default), which also suits multi-platform
    /// archives that carry the blobs of one platform only.
    /// </summary>
    /// <param name="containerdSocket">containerd's socket path (a <c>unix://</c> prefix is allowed).</param>
    /// <exception cref="InvalidOperationException">The archive is refused, or ctr fails (its stderr is in the message).</exception>
    public static async Task<IReadOnlyList<string>> ImportAsync(string containerdSocket, string archivePath, CancellationToken cancellationToken)
    {
        var archive = Path.GetFullPath(archivePath);
        var names = await ImageArchive.ReadNamesAsync(archive, cancellationToken);
        var socket = containerdSocket.StartsWith(UnixScheme, StringComparison.Ordinal) ? containerdSocket[UnixScheme.Length..] : containerdSocket;

        // ctr waits ten seconds for a socket that is not there; say so at once instead.
        if (!File.Exists(socket))
        {
            throw new InvalidOperationException($"no containerd socket at {socket}: is the node's containerd running?");
        }

        var result = await ToolRunner.RunAsync(
            Ctr,
            ["--address", socket, "--namespace", CriNamespace, "images", "import", "--snapshotter", Snapshotter, archive],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ctr images import {archive} failed: {result.StandardError.Trim()}");
        }

        return names;
    }

    /// <summary>
    /// Makes sure CRI has every built-in image: builds the archives (see <see cref="BuiltinImages"/>)
    /// and imports those CRI does not report, then waits until CRI reports them, as it learns of
    /// new images from containerd's events rather than at once.
    /// </summary>
    public static async Task EnsureBuiltinAsync(CriClient cri, string containerdSocket, string cacheDir, ILogger logger, CancellationToken cancellationToken)
    {
        // Built from their sources (cached while those are unchanged), then imported where containerd
        // lacks the image or holds an older build of it (another config digest).
        var archives = await BuiltinImages.BuildAsync(cacheDir, cancellationToken);
        var imported = new List<(string Name, string Id)>();
        for (var i = 0; i < BuiltinImages.Names.Count; i++)
        {
            var name = BuiltinImages.Names[i];
            var wanted = await OciConfigDigest.ReadAsync(archives[i], cancellationToken);
            if (await ImageIdAsync(cri, name, cancellationToken) == wanted)
            {
                continue;
            }

            await ImportAsync(containerdSocket, archives[i], cancellationToken);
            LogImported(logger, name, archives[i]);
            imported.Add((name, wanted));
        }

        if (imported.Count == 0)
        {
            LogPresent(logger, BuiltinImages.Names.Count);
        }

        foreach (var (name, id) in imported)
        {
            await WaitVisibleAsync(cri, name, id, cancellationToken);
        }
    }

    private static async Task<string?> ImageIdAsync(CriClient cri, string image, CancellationToken cancellationToken)
    {
        var response = await cri.Images.ImageStatusAsync(
            new ImageStatusRequest { Image = new ImageSpec { Image = image } }, cancellationToken: cancellationToken);
        return response.Image?.Id;
    }

    private static async Task WaitVisibleAsync(CriClient cri, string image, string id, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(VisibleTimeout);
        while (await ImageIdAsync(cri, image, cancellationToken) != id)
        {
            if (timeout.IsCancellationRequested)
            {
                throw new InvalidOperationException($"containerd imported {image}, but CRI still does not report it after {VisibleTimeout.TotalSeconds} s");
            }

            await Task.Delay(VisiblePoll, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "the {Count} built-in images are present")]
    private static partial void LogPresent(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "imported built-in image {Image} from {Archive}")]
    private static partial void LogImported(ILogger logger, string image, string archive);
}
