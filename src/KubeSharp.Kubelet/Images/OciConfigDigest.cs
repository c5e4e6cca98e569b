using System.Formats.Tar;
using System.Text.Json;

namespace KubeSharp.Kubelet.Images;

/// <summary>
/// The config digest of the (single) image in an OCI layout archive: what CRI reports as the image's
/// id once imported, so a node can tell that its copy of a built-in image is out of date.
/// </summary>
internal static class OciConfigDigest
{
    public static async Task<string> ReadAsync(string archivePath, CancellationToken cancellationToken)
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[]? index = null;
        await using (var file = File.OpenRead(archivePath))
        await using (var tar = new TarReader(file))
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (entry.DataStream is null || entry.Length > 1 << 20 || !(name == "index.json" || name.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
                {
                    continue; // layers are large and not needed
                }

                using var copy = new MemoryStream();
                await entry.DataStream.CopyToAsync(copy, cancellationToken);
                if (name == "index.json")
                {
                    index = copy.ToArray();
                }
                else
                {
                    blobs["sha256:" + name["blobs/sha256/".Length..]] = copy.ToArray();
                }
            }
        }

        if (index is null)
        {
            throw new InvalidOperationException($"{archivePath} has no index.json");
        }

        using var indexDocument = JsonDocument.Parse(index);
        var manifestDigest = indexDocument.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()
            ?? throw new InvalidOperationException($"{archivePath}: the index names no manifest");
        if (!blobs.TryGetValue(manifestDigest, out var manifest))
        {
            throw new InvalidOperationException($"{archivePath}: manifest {manifestDigest} is missing");
        }

        using var manifestDocument = JsonDocument.Parse(manifest);
        return manifestDocument.RootElement.GetProperty("config").GetProperty("digest").GetString()
            ?? throw new InvalidOperationException($"{archivePath}: the manifest names no config");
    }
}
