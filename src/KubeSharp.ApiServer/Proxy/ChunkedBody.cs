using System.Globalization;
using System.Text;

namespace KubeSharp.ApiServer.Proxy;

/// <summary>HTTP/1.1 chunked transfer coding, decoded from the bytes received so far.</summary>
internal static class ChunkedBody
{
    /// <summary>The decoded body once the last (zero-size) chunk has arrived; null while more is needed. Trailers are dropped.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> raw)
    {
        var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var lineEnd = raw[at..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return null;
            }

            // chunk-size [; extensions]
            var sizeText = Encoding.ASCII.GetString(raw.Slice(at, lineEnd)).Split(';', 2)[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                // Not chunked after all: what was decoded is all there is.
                return body.ToArray();
            }

            at += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }

            if (raw.Length < (long)at + size + 2)
            {
                return null;
            }

            body.Write(raw.Slice(at, size));
            at += size + 2;
        }
    }
}
