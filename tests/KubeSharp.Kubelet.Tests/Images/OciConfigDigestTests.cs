using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using KubeSharp.Kubelet.Images;
using KubeSharp.TestSupport;

namespace KubeSharp.Kubelet.Tests.Images;

public sealed class OciConfigDigestTests
{
    [Fact]
    public async Task The_config_digest_is_that_of_the_config_blob_the_manifest_names()
    {
        using var directory = new TempDirectory("oci-digest");
        var archive = directory.File("image.tar");
        await OciArchiveWriter.WriteAsync(archive, new OciImageDefinition("localhost/digest:1.0", [LayerEntry.File("hello", "hi"u8.ToArray())]), CancellationToken.None);

        var digest = await OciConfigDigest.ReadAsync(archive, CancellationToken.None);

        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        var config = await BlobAsync(archive, digest);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config)));
        using var document = JsonDocument.Parse(config);
        Assert.True(document.RootElement.TryGetProperty("rootfs", out _));
    }

    [Fact]
    public async Task Another_content_gives_another_digest()
    {
        using var directory = new TempDirectory("oci-digest");
        await OciArchiveWriter.WriteAsync(directory.File("a.tar"), new OciImageDefinition("localhost/digest:1.0", [LayerEntry.File("hello", "a"u8.ToArray())]), CancellationToken.None);
        await OciArchiveWriter.WriteAsync(directory.File("b.tar"), new OciImageDefinition("localhost/digest:1.0", [LayerEntry.File("hello", "b"u8.ToArray())]), CancellationToken.None);

        Assert.NotEqual(
            await OciConfigDigest.ReadAsync(directory.File("a.tar"), CancellationToken.None),
            await OciConfigDigest.ReadAsync(directory.File("b.tar"), CancellationToken.None));
    }

    private static async Task<byte[]> BlobAsync(string archive, string digest)
    {
        await using var tar = new TarReader(File.OpenRead(archive));
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == "blobs/sha256/" + digest["sha256:".Length..] && entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                await data.CopyToAsync(copy);
                return copy.ToArray();
            }
        }

        throw new InvalidOperationException("no blob " + digest);
    }
}
