using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KubeSharp.Api.Host;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// The images every node has without a registry (see images/README.md): pause for pod sandboxes,
/// busybox for shell work, echo for HTTP tests. They are made on the node from the C sources
/// embedded in this assembly (compiled with gcc -static) and the busybox-static binary.
/// </summary>
internal static class BuiltinImages
{
    public const string Pause = "localhost/pause:3.9";
    public const string Busybox = "localhost/busybox:1.35";
    public const string Echo = "localhost/echo:1.0";

    // Bump when what goes into the images changes in ways the hashed inputs do not show (layout,
    // config, entries), so existing caches are rebuilt.
    private const int Revision = 1;

    private const string BusyboxBinary = "/bin/busybox";
    private const string HashFile = "images.sha256";
    private const string ResourcePrefix = "images/";

    /// <summary>The built-in images, in the order <see cref="BuildAsync"/> returns their archives.</summary>
    public static IReadOnlyList<string> Names { get; } = [Pause, Busybox, Echo];

    private static readonly string[] ArchiveFiles = ["pause.tar", "busybox.tar", "echo.tar"];

    /// <summary>
    /// Makes the archives of <see cref="Names"/> in <paramref name="cacheDir"/> and returns their
    /// paths in that order. Nothing is rebuilt while the archives exist and the hash of the inputs
    /// recorded with them still matches. Every file is written under a temporary name and renamed,
    /// so nodes sharing the folder may build at once: the output is deterministic.
    /// </summary>
    /// <exception cref="InvalidOperationException">A tool is missing or fails (the message says which).</exception>
    public static async Task<IReadOnlyList<string>> BuildAsync(string cacheDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDir);
        var archives = ArchiveFiles.Select(file => Path.Combine(cacheDir, file)).ToList();
        var pauseSource = await ReadSourceAsync("pause.c", cancellationToken);
        var echoSource = await ReadSourceAsync("echo.c", cancellationToken);
        if (!File.Exists(BusyboxBinary))
        {
            throw new InvalidOperationException($"{BusyboxBinary} is missing: the busybox image needs busybox-static (apt-get install busybox-static)");
        }

        var hash = await HashInputsAsync(pauseSource, echoSource, cancellationToken);
        var hashPath = Path.Combine(cacheDir, HashFile);
        if (archives.All(File.Exists) && File.Exists(hashPath)
            && string.Equals((await File.ReadAllTextAsync(hashPath, cancellationToken)).Trim(), hash, StringComparison.Ordinal))
        {
            return archives;
        }

        if (IsDynamicallyLinked(BusyboxBinary))
        {
            throw new InvalidOperationException(
                $"{BusyboxBinary} is dynamically linked and would not run in an image: install busybox-static instead of busybox");
        }

        var compiler = FindCompiler();
        var pause = await CompileAsync(compiler, cacheDir, "pause", pauseSource, cancellationToken);
        var echo = await CompileAsync(compiler, cacheDir, "echo", echoSource, cancellationToken);
        var applets = await ListAppletsAsync(cancellationToken);

        await OciArchiveWriter.WriteAsync(archives[0], PauseImage(pause), cancellationToken);
        await OciArchiveWriter.WriteAsync(archives[1], BusyboxImage(applets), cancellationToken);
        await OciArchiveWriter.WriteAsync(archives[2], EchoImage(echo), cancellationToken);

        // Written last: a matching hash file means every archive of this build is in place.
        await WriteAtomicallyAsync(hashPath, Encoding.UTF8.GetBytes(hash + "\n"), cancellationToken);
        return archives;
    }

    private static OciImageDefinition PauseImage(string binary) =>
        new(Pause, [LayerEntry.FileFrom("pause", binary)]) { Entrypoint = ["/pause"] };

    private static OciImageDefinition EchoImage(string binary) =>
        new(Echo, [LayerEntry.FileFrom("echo", binary)]) { Entrypoint = ["/echo"] };

    // Every applet is a link to busybox in /bin, as in the upstream busybox image, plus
    // /usr/bin/env for "#!/usr/bin/env" scripts; busybox picks the applet by the link's name.
    private static OciImageDefinition BusyboxImage(IReadOnlyList<string> applets)
    {
        const string target = "/bin/busybox";
        List<LayerEntry> entries =
        [
            LayerEntry.Directory("bin"),
            LayerEntry.FileFrom("bin/busybox", BusyboxBinary),
            .. applets.Select(applet => LayerEntry.Symlink("bin/" + applet, target)),
            LayerEntry.Directory("etc"),
            LayerEntry.File("etc/group", Encoding.ASCII.GetBytes("root:x:0:\nnobody:x:65534:\n")),
            LayerEntry.File("etc/passwd", Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")),
            LayerEntry.Directory("root", LayerEntry.Private),
            LayerEntry.Directory("tmp", LayerEntry.Sticky),
            LayerEntry.Directory("usr"),
            LayerEntry.Directory("usr/bin"),
            LayerEntry.Symlink("usr/bin/env", target),
            LayerEntry.Directory("var"),
        ];
        return new OciImageDefinition(Busybox, entries) { Cmd = ["sh"] };
    }

    private static async Task<byte[]> ReadSourceAsync(string file, CancellationToken cancellationToken)
    {
        await using var resource = typeof(BuiltinImages).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"{ResourcePrefix}{file} is not embedded in {typeof(BuiltinImages).Assembly.GetName().Name}");
        using var copy = new MemoryStream();
        await resource.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    // Length-prefixed parts, so no two different sets of inputs hash alike.
    private static async Task<string> HashInputsAsync(byte[] pauseSource, byte[] echoSource, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string label, ReadOnlySpan<byte> data)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{label} {data.Length}\n"));
            hash.AppendData(data);
        }

        var busybox = await File.ReadAllBytesAsync(BusyboxBinary, cancellationToken);
        Add("revision", Encoding.UTF8.GetBytes(Revision.ToString(CultureInfo.InvariantCulture)));
        Add("architecture", Encoding.UTF8.GetBytes(OciArchiveWriter.HostArchitecture));
        Add("names", Encoding.UTF8.GetBytes(string.Join(' ', Names)));
        Add("pause.c", pauseSource);
        Add("echo.c", echoSource);
        Add("busybox", busybox);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string FindCompiler() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "gcc"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("building the built-in images needs gcc and the static C library (apt-get install gcc libc6-dev)");

    private static async Task<string> CompileAsync(string compiler, string cacheDir, string name, byte[] source, CancellationToken cancellationToken)
    {
        var sourcePath = Path.Combine(cacheDir, name + ".c");
        var binaryPath = Path.Combine(cacheDir, name);
        var temporary = TemporaryName(binaryPath);
        await WriteAtomicallyAsync(sourcePath, source, cancellationToken);
        try
        {
            var result = await ToolRunner.RunAsync(compiler, ["-static", "-Os", "-s", "-o", temporary, sourcePath], cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"gcc could not build {name} (is libc6-dev installed?): {result.StandardError.Trim()}");
            }

            File.Move(temporary, binaryPath, overwrite: true);
            return binaryPath;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<IReadOnlyList<string>> ListAppletsAsync(CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(BusyboxBinary, ["--list"], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{BusyboxBinary} --list failed: {result.StandardError.Trim()}");
        }

        return
        [
            .. result.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(applet => applet != "busybox" && !applet.Contains('/', StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    // An ELF program that names an interpreter (ld.so) is dynamically linked. Only 64-bit
    // little-endian files (amd64, arm64) are inspected; anything else is taken as it is.
    private static bool IsDynamicallyLinked(string path)
    {
        const uint interpreterSegment = 3;
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[64];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !header[..4].SequenceEqual("\u007FELF"u8) || header[4] != 2 || header[5] != 1)
        {
            return false;
        }

        var tableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[0x20..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        var entryCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        Span<byte> type = stackalloc byte[4];
        for (var i = 0; i < entryCount; i++)
        {
            file.Position = tableOffset + ((long)i * entrySize);
            if (file.ReadAtLeast(type, type.Length, throwOnEndOfStream: false) < type.Length)
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(type) == interpreterSegment)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = TemporaryName(path);
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string TemporaryName(string path) => $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
}
