using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Writes an image as an OCI image-layout tar archive (what <c>ctr images import</c> reads): the
/// <c>oci-layout</c> marker, <c>index.json</c> naming the image, and under <c>blobs/sha256/</c> one
/// gzip layer, the config and the manifest. Every entry is owned by root with a fixed modification
/// time and the JSON is written in a fixed order, so the same image always gets the same digests.
/// </summary>
internal static class OciArchiveWriter
{
    /// <summary>The annotation containerd takes an imported image's name from.</summary>
    public const string ImageNameAnnotation = "io.containerd.image.name";

    /// <summary>The OCI reference name; other tools read only this one.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    private const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const string BlobDirectory = "blobs/sha256/";
    private const int CopyBufferSize = 1 << 16;

    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    // Relaxed escaping keeps media types such as "...tar+gzip" readable in the blobs.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The OCI name of this machine's architecture (the images hold host binaries).</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => throw new PlatformNotSupportedException($"no built-in images for the {other} architecture"),
    };

    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="archivePath"/> (replaced atomically, so a
    /// reader never sees half an archive) and returns the manifest's digest (<c>sha256:...</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The image's name is not fully qualified.</exception>
    public static async Task<string> WriteAsync(string archivePath, OciImageDefinition image, CancellationToken cancellationToken)
    {
        if (!ImageReference.IsFullyQualified(image.Name))
        {
            throw new ArgumentException(
                $"image name \"{image.Name}\" is not fully qualified (registry/repository:tag, e.g. localhost/busybox:1.35)", nameof(image));
        }

        var fullPath = Path.GetFullPath(archivePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var unique = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        var layerPath = $"{fullPath}.{unique}.layer";
        var archiveTemp = $"{fullPath}.{unique}.tmp";
        try
        {
            var layer = await WriteLayerAsync(layerPath, image.Entries, cancellationToken);
            var architecture = HostArchitecture;
            var config = Json(writer => WriteConfig(writer, image, architecture, layer.DiffId));
            var configDigest = Digest(SHA256.HashData(config));
            var manifest = Json(writer => WriteManifest(writer, configDigest, config.Length, layer));
            var manifestDigest = Digest(SHA256.HashData(manifest));
            var index = Json(writer => WriteIndex(writer, image.Name, architecture, manifestDigest, manifest.Length));

            await using (var file = new FileStream(archiveTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
            await using (var archive = new TarWriter(file, TarEntryFormat.Ustar, leaveOpen: true))
            {
                await WriteFileAsync(archive, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray(), cancellationToken);
                await WriteFileAsync(archive, "index.json", index, cancellationToken);
                await WriteDirectoryAsync(archive, "blobs/", cancellationToken);
                await WriteDirectoryAsync(archive, BlobDirectory, cancellationToken);
                await using (var layerFile = new FileStream(layerPath, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, useAsync: true))
                {
                    await WriteEntryAsync(archive, BlobPath(layer.Digest), LayerEntry.Readable, layerFile, cancellationToken);
                }

                await WriteFileAsync(archive, BlobPath(configDigest), config, cancellationToken);
                await WriteFileAsync(archive, BlobPath(manifestDigest), manifest, cancellationToken);
            }

            File.Move(archiveTemp, fullPath, overwrite: true);
            return manifestDigest;
        }
        finally
        {
            File.Delete(layerPath);
            File.Delete(archiveTemp);
        }
    }

    /// <summary>
    /// Writes the gzip layer in one pass: the tar goes through a hash of the uncompressed bytes
    /// (the config's diff ID) into gzip, and gzip through a hash of the blob into the file. A
    /// hash algorithm used as a <see cref="CryptoStream"/> transform passes the bytes through
    /// unchanged; disposing the streams innermost first flushes each into the next and completes
    /// both hashes (a CryptoStream does not dispose its transform).
    /// </summary>
    private static async Task<LayerBlob> WriteLayerAsync(string path, IReadOnlyList<LayerEntry> entries, CancellationToken cancellationToken)
    {
        using var blobHash = SHA256.Create();
        using var diffHash = SHA256.Create();
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
        await using (var blob = new CryptoStream(file, blobHash, CryptoStreamMode.Write, leaveOpen: true))
        await using (var gzip = new GZipStream(blob, CompressionLevel.Optimal, leaveOpen: true))
        await using (var diff = new CryptoStream(gzip, diffHash, CryptoStreamMode.Write, leaveOpen: true))
        await using (var tar = new TarWriter(diff, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                await WriteLayerEntryAsync(tar, entry, cancellationToken);
            }
        }

        return new LayerBlob(Digest(blobHash.Hash!), new FileInfo(path).Length, Digest(diffHash.Hash!));
    }

    private static async Task WriteLayerEntryAsync(TarWriter tar, LayerEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Kind)
        {
            case LayerEntryKind.Directory:
                await tar.WriteEntryAsync(Header(TarEntryType.Directory, entry.Path + "/", entry.Mode), cancellationToken);
                break;
            case LayerEntryKind.Symlink:
                var link = Header(TarEntryType.SymbolicLink, entry.Path, entry.Mode);
                link.LinkName = entry.LinkTarget!;
                await tar.WriteEntryAsync(link, cancellationToken);
                break;
            case LayerEntryKind.File when entry.SourcePath is { } source:
                await using (var data = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, useAsync: true))
                {
                    await WriteEntryAsync(tar, entry.Path, entry.Mode, data, cancellationToken);
                }

                break;
            case LayerEntryKind.File:
                await WriteEntryAsync(tar, entry.Path, entry.Mode, new MemoryStream(entry.Content ?? [], writable: false), cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, "unknown layer entry kind");
        }
    }

    private static Task WriteFileAsync(TarWriter tar, string name, byte[] content, CancellationToken cancellationToken) =>
        WriteEntryAsync(tar, name, LayerEntry.Readable, new MemoryStream(content, writable: false), cancellationToken);

    private static Task WriteDirectoryAsync(TarWriter tar, string name, CancellationToken cancellationToken) =>
        tar.WriteEntryAsync(Header(TarEntryType.Directory, name, LayerEntry.Executable), cancellationToken);

    private static Task WriteEntryAsync(TarWriter tar, string name, UnixFileMode mode, Stream data, CancellationToken cancellationToken)
    {
        var header = Header(TarEntryType.RegularFile, name, mode);
        header.DataStream = data;
        return tar.WriteEntryAsync(header, cancellationToken);
    }

    // USTAR has no access or change times, so only the fixed modification time is stored.
    private static UstarTarEntry Header(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        Mode = mode,
        ModificationTime = FixedTime,
        Uid = 0,
        Gid = 0,
        UserName = "root",
        GroupName = "root",
    };

    private static void WriteConfig(Utf8JsonWriter writer, OciImageDefinition image, string architecture, string diffId)
    {
        writer.WriteStartObject();
        writer.WriteString("architecture", architecture);
        writer.WriteString("os", "linux");
        writer.WriteStartObject("config");
        WriteStrings(writer, "Env", image.Env);
        if (image.Entrypoint.Count > 0)
        {
            WriteStrings(writer, "Entrypoint", image.Entrypoint);
        }

        if (image.Cmd.Count > 0)
        {
            WriteStrings(writer, "Cmd", image.Cmd);
        }

        writer.WriteString("WorkingDir", image.WorkingDir);
        writer.WriteEndObject();
        writer.WriteStartObject("rootfs");
        writer.WriteString("type", "layers");
        WriteStrings(writer, "diff_ids", [diffId]);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteManifest(Utf8JsonWriter writer, string configDigest, long configSize, LayerBlob layer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", 2);
        writer.WriteString("mediaType", ManifestMediaType);
        writer.WritePropertyName("config");
        WriteDescriptor(writer, ConfigMediaType, configDigest, configSize);
        writer.WriteEndObject();
        writer.WriteStartArray("layers");
        WriteDescriptor(writer, LayerMediaType, layer.Digest, layer.Size);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // The full name goes in both annotations: containerd prefers its own, and an OCI reference
    // name that is only a tag would make ctr invent an import-<date> repository for it.
    private static void WriteIndex(Utf8JsonWriter writer, string name, string architecture, string manifestDigest, long manifestSize)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", 2);
        writer.WriteString("mediaType", IndexMediaType);
        writer.WriteStartArray("manifests");
        WriteDescriptor(writer, ManifestMediaType, manifestDigest, manifestSize);
        writer.WriteStartObject("platform");
        writer.WriteString("architecture", architecture);
        writer.WriteString("os", "linux");
        writer.WriteEndObject();
        writer.WriteStartObject("annotations");
        writer.WriteString(ImageNameAnnotation, name);
        writer.WriteString(RefNameAnnotation, name);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Starts a descriptor object; the caller may add properties, then ends it.</summary>
    private static void WriteDescriptor(Utf8JsonWriter writer, string mediaType, string digest, long size)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", mediaType);
        writer.WriteString("digest", digest);
        writer.WriteNumber("size", size);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Digest(byte[] hash) => "sha256:" + Convert.ToHexStringLower(hash);

    private static string BlobPath(string digest) => BlobDirectory + digest["sha256:".Length..];

    private sealed record LayerBlob(string Digest, long Size, string DiffId);
}
