using System.Formats.Tar;
using System.Text.Json;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// Reads which images an archive holds, and under which names containerd 1.6's <c>ctr images
/// import</c> would store them, before anything is imported. An OCI layout (<c>oci-layout</c> +
/// <c>index.json</c>) is preferred, as ctr does; otherwise a <c>docker save</c> archive
/// (<c>manifest.json</c>). Archives that would produce an unnamed or oddly named image are refused:
/// ctr would store it as <c>import-&lt;date&gt;:...</c> or under a name CRI never looks up, and such
/// an image breaks CRI's cache for every image with the same config.
/// </summary>
internal static class ImageArchive
{
    private const string LayoutFile = "oci-layout";
    private const string IndexFile = "index.json";
    private const string DockerManifestFile = "manifest.json";
    private const string SupportedLayoutVersion = "1.0.0";

    // containerd reads at most this much of each JSON file.
    private const int JsonMaxBytes = 20 << 20;

    /// <summary>The fully qualified names of the images in the archive, in archive order.</summary>
    /// <exception cref="InvalidOperationException">The archive is not an image archive, or an image in it has no usable name.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<IReadOnlyList<string>> ReadNamesAsync(string archivePath, CancellationToken cancellationToken)
    {
        byte[]? layout = null;
        byte[]? index = null;
        byte[]? dockerManifest = null;
        await using (var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            if (await IsGzipAsync(file, cancellationToken))
            {
                throw new InvalidOperationException($"{archivePath} is compressed: ctr imports only an uncompressed tar (gunzip it first)");
            }

            try
            {
                await using var tar = new TarReader(file, leaveOpen: true);
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    {
                        continue;
                    }

                    switch (CleanName(entry.Name))
                    {
                        case LayoutFile:
                            layout = await ReadJsonBytesAsync(archivePath, entry, cancellationToken);
                            break;
                        case IndexFile:
                            index = await ReadJsonBytesAsync(archivePath, entry, cancellationToken);
                            break;
                        case DockerManifestFile:
                            dockerManifest = await ReadJsonBytesAsync(archivePath, entry, cancellationToken);
                            break;
                    }
                }
            }
            catch (Exception error) when (error is InvalidDataException or FormatException)
            {
                throw new InvalidOperationException($"{archivePath} is not a tar archive: {error.Message}", error);
            }
        }

        try
        {
            var names = layout is not null ? OciNames(archivePath, layout, index)
                : dockerManifest is not null ? DockerNames(archivePath, dockerManifest)
                : throw new InvalidOperationException($"{archivePath} is neither an OCI image layout (no {LayoutFile}) nor a docker image archive (no {DockerManifestFile})");
            if (names.Count == 0)
            {
                throw new InvalidOperationException($"{archivePath} contains no image");
            }

            return [.. names.Distinct(StringComparer.Ordinal)];
        }
        catch (JsonException error)
        {
            throw new InvalidOperationException($"{archivePath}: malformed JSON: {error.Message}", error);
        }
    }

    // Each manifest in index.json is named by containerd's annotation, else by the OCI reference
    // name, which ctr keeps as it is when it holds a '/', ':' or '@' and prefixes otherwise.
    private static List<string> OciNames(string archivePath, byte[] layout, byte[]? index)
    {
        using (var layoutJson = JsonDocument.Parse(layout))
        {
            var version = layoutJson.RootElement.ValueKind == JsonValueKind.Object
                && layoutJson.RootElement.TryGetProperty("imageLayoutVersion", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            if (version != SupportedLayoutVersion)
            {
                throw new InvalidOperationException($"{archivePath}: OCI layout version \"{version}\" is not supported (only {SupportedLayoutVersion})");
            }
        }

        if (index is null)
        {
            throw new InvalidOperationException($"{archivePath}: OCI layout without {IndexFile}");
        }

        using var indexJson = JsonDocument.Parse(index);
        if (indexJson.RootElement.ValueKind != JsonValueKind.Object
            || !indexJson.RootElement.TryGetProperty("manifests", out var manifests)
            || manifests.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var manifest in manifests.EnumerateArray())
        {
            var imageName = Annotation(manifest, OciArchiveWriter.ImageNameAnnotation);
            var refName = Annotation(manifest, OciArchiveWriter.RefNameAnnotation);
            var digest = manifest.ValueKind == JsonValueKind.Object && manifest.TryGetProperty("digest", out var digestValue)
                && digestValue.ValueKind == JsonValueKind.String ? digestValue.GetString() : "?";
            string name;
            if (!string.IsNullOrEmpty(imageName))
            {
                name = imageName;
            }
            else if (string.IsNullOrEmpty(refName))
            {
                throw new InvalidOperationException(
                    $"{archivePath}: image {digest} has no name: give it a fully qualified one (e.g. localhost/app:1.0) in the {OciArchiveWriter.ImageNameAnnotation} annotation of {IndexFile}");
            }
            else if (refName.AsSpan().IndexOfAny('/', ':', '@') < 0)
            {
                throw new InvalidOperationException(
                    $"{archivePath}: image {digest} is named only by the tag \"{refName}\" ({OciArchiveWriter.RefNameAnnotation}); ctr would store it as import-<date>:{refName}. Give it a fully qualified name (e.g. localhost/app:{refName}) in the {OciArchiveWriter.ImageNameAnnotation} annotation");
            }
            else
            {
                name = refName;
            }

            names.Add(RequireFullyQualified(archivePath, name));
        }

        return names;
    }

    // docker save names images by RepoTags, which ctr normalises (busybox:1.35 -> docker.io/library/busybox:1.35).
    private static List<string> DockerNames(string archivePath, byte[] manifest)
    {
        using var json = JsonDocument.Parse(manifest);
        if (json.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"{archivePath}: {DockerManifestFile} is not a list of images");
        }

        var names = new List<string>();
        foreach (var image in json.RootElement.EnumerateArray())
        {
            if (image.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{archivePath}: {DockerManifestFile} is not a list of images");
            }

            var config = image.TryGetProperty("Config", out var configValue) && configValue.ValueKind == JsonValueKind.String
                ? configValue.GetString() : "?";
            var tags = image.TryGetProperty("RepoTags", out var tagValues) && tagValues.ValueKind == JsonValueKind.Array
                ? tagValues.EnumerateArray().Where(tag => tag.ValueKind == JsonValueKind.String).Select(tag => tag.GetString()!).ToList()
                : [];
            if (tags.Count == 0)
            {
                throw new InvalidOperationException(
                    $"{archivePath}: image {config} has no RepoTags: save it by name (docker save NAME:TAG), not by ID");
            }

            foreach (var tag in tags)
            {
                names.Add(ImageReference.TryNormalize(tag, out var normalized, out var error)
                    ? normalized
                    : throw new InvalidOperationException($"{archivePath}: {error}"));
            }
        }

        return names;
    }

    private static string RequireFullyQualified(string archivePath, string name)
    {
        if (!ImageReference.TryNormalize(name, out var normalized, out var error))
        {
            throw new InvalidOperationException($"{archivePath}: {error}");
        }

        return string.Equals(normalized, name, StringComparison.Ordinal)
            ? name
            : throw new InvalidOperationException(
                $"{archivePath}: image name \"{name}\" is not fully qualified: ctr would store it as it is, but CRI looks for \"{normalized}\"; name the image \"{normalized}\"");
    }

    private static string? Annotation(JsonElement descriptor, string key) =>
        descriptor.ValueKind == JsonValueKind.Object
        && descriptor.TryGetProperty("annotations", out var annotations)
        && annotations.ValueKind == JsonValueKind.Object
        && annotations.TryGetProperty(key, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // Like containerd's path.Clean for the names it looks for: "./index.json" is index.json.
    private static string CleanName(string name)
    {
        var clean = name;
        while (clean.StartsWith("./", StringComparison.Ordinal))
        {
            clean = clean[2..];
        }

        return clean;
    }

    private static async Task<byte[]> ReadJsonBytesAsync(string archivePath, TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > JsonMaxBytes)
        {
            throw new InvalidOperationException($"{archivePath}: {entry.Name} is larger than {JsonMaxBytes} bytes");
        }

        var bytes = new byte[entry.Length];
        await entry.DataStream!.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static async Task<bool> IsGzipAsync(FileStream file, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var read = await file.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
