using System.Text;
using KubeSharp.Kubelet.Streaming.Spdy;

namespace KubeSharp.Kubelet.Tests.Streaming.Spdy;

public sealed class HeaderBlockTests
{
    // Four header blocks as zlib itself compresses them in one stream with SPDY's dictionary, each ended by a
    // SYNC flush, as Go's spdy framer (kubectl, the kubelet) writes them: {streamtype: error, port: 8080,
    // requestid: 0}, the same with streamtype data, an empty block (a SYN_REPLY), and {x-multi: "first\0second",
    // X-Upper: kept}.
    private static readonly string[] ZlibBlocks =
    [
        "78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c6061606100a4398b20d198094ade8c0600000000ffff",
        "c2aa19540e2512d60b000000ffff",
        "02120c00000000ffff",
        "02654d5066a8d0cd2dcd29c904950e699945c082a9381558b881d4b147e886161480f32c4b3630ba00000000ffff",
    ];

    [Fact]
    public void The_dictionary_is_the_drafts()
    {
        var bytes = SpdyDictionary.Bytes;

        Assert.Equal(1423, bytes.Length);
        Assert.Equal(SpdyDictionary.Adler32, Adler32(bytes));
        Assert.Equal("\0\0\0\u0007options", Encoding.ASCII.GetString(bytes[..11]));
        Assert.Equal(",enq=0.", Encoding.ASCII.GetString(bytes[^7..]));
    }

    [Fact]
    public void Blocks_zlib_wrote_decode_one_after_another_from_one_stream()
    {
        var decoder = new HeaderBlockDecoder();

        var blocks = ZlibBlocks.Select(hex => Convert.FromHexString(hex)).Select(block => decoder.Decode(block, 0, block.Length)).ToList();

        Assert.Equal(Map(("streamtype", "error"), ("port", "8080"), ("requestid", "0")), Copy(blocks[0]));
        Assert.Equal(Map(("streamtype", "data"), ("port", "8080"), ("requestid", "0")), Copy(blocks[1]));
        Assert.Empty(blocks[2]);
        Assert.Equal(Map(("x-multi", "first"), ("x-upper", "kept")), Copy(blocks[3]));
    }

    [Fact]
    public void Names_are_looked_up_without_regard_to_case()
    {
        var decoder = new HeaderBlockDecoder();
        var block = Convert.FromHexString(ZlibBlocks[0]);

        var headers = decoder.Decode(block, 0, block.Length);

        Assert.Equal("error", headers["streamType"]);
    }

    [Fact]
    public void Blocks_round_trip_through_one_zlib_stream_each_way()
    {
        using var encoder = new HeaderBlockEncoder();
        var decoder = new HeaderBlockDecoder();
        var sent = new[]
        {
            Map(("streamtype", "error"), ("port", "8080"), ("requestid", "0")),
            Map(("streamtype", "data"), ("port", "8080"), ("requestid", "0")),
            Map(),
            Map(("streamtype", "data"), ("port", "8080"), ("requestid", "0")),
            Map(("long", new string('x', 100_000)), ("unicode", "grüße")),
        };

        var sizes = new List<int>();
        foreach (var headers in sent)
        {
            var block = encoder.Encode(headers).ToArray();
            sizes.Add(block.Length);
            Assert.Equal(headers, Copy(decoder.Decode(block, 0, block.Length)));
        }

        // A block seen before costs a few bytes: the stream remembers it.
        Assert.True(sizes[3] < sizes[0] / 2, $"{sizes[3]} bytes for a block seen before, {sizes[0]} for the first");
    }

    [Fact]
    public void Names_are_sent_lower_case()
    {
        using var encoder = new HeaderBlockEncoder();
        var decoder = new HeaderBlockDecoder();

        var block = encoder.Encode(Map(("StreamType", "data"))).ToArray();

        Assert.Equal("streamtype", Assert.Single(decoder.Decode(block, 0, block.Length).Keys));
    }

    [Fact]
    public void Every_block_ends_with_a_sync_flush_so_the_next_one_starts_byte_aligned()
    {
        // Go's zlib reader (kubectl, containerd) reads the blocks as one stream: anything but a real sync
        // flush between blocks would make it read padding as the next block's header.
        using var encoder = new HeaderBlockEncoder();
        var first = encoder.Encode(Map(("streamtype", "error"))).ToArray();
        var second = encoder.Encode(Map(("streamtype", "stdout"))).ToArray();

        Assert.Equal(0x78, first[0]);
        Assert.Equal(0, ((first[0] << 8) | first[1]) % 31);
        Assert.Equal("0000FFFF", Convert.ToHexString(first[^4..]));
        Assert.Equal("0000FFFF", Convert.ToHexString(second[^4..]));
    }

    [Fact]
    public void A_stream_with_another_dictionary_is_refused()
    {
        // A zlib header with FDICT and dictionary id 1.
        var block = new byte[] { 0x78, 0xBB, 0x00, 0x00, 0x00, 0x01 };

        Assert.Throws<InvalidDataException>(() => new HeaderBlockDecoder().Decode(block, 0, block.Length));
    }

    [Fact]
    public void Garbage_is_invalid_data()
    {
        var block = new byte[] { 0x12, 0x34, 0x56, 0x78 };

        Assert.Throws<InvalidDataException>(() => new HeaderBlockDecoder().Decode(block, 0, block.Length));
    }

    [Fact]
    public void A_block_cut_short_is_invalid_data()
    {
        var block = Convert.FromHexString(ZlibBlocks[0]);

        Assert.Throws<InvalidDataException>(() => new HeaderBlockDecoder().Decode(block, 0, 30));
    }

    private static Dictionary<string, string> Map(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
