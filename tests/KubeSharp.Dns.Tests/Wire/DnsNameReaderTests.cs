using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Wire;

public sealed class DnsNameReaderTests
{
    /// <summary>RFC 1035 4.1.4's example: F.ISI.ARPA at 20, FOO.F.ISI.ARPA at 40 (FOO, then a pointer to 20), ARPA by pointer at 46, the root at 48.</summary>
    private static readonly byte[] Rfc1035Example = Example();

    [Theory]
    [InlineData(20, "f.isi.arpa", "\u0001F\u0003ISI\u0004ARPA\0", 32)]
    [InlineData(40, "foo.f.isi.arpa", "\u0003FOO\u0001F\u0003ISI\u0004ARPA\0", 46)]
    [InlineData(46, "arpa", "\u0004ARPA\0", 48)]
    [InlineData(48, "", "\0", 49)]
    public void Reads_the_rfc_1035_compression_example(int start, string key, string wire, int next)
    {
        var (ok, offset, readKey, readWire) = Read(Rfc1035Example, start);

        Assert.True(ok);
        Assert.Equal(key, readKey);
        Assert.Equal(wire, readWire);
        Assert.Equal(next, offset);
    }

    [Fact]
    public void Keeps_the_case_in_wire_form_and_folds_ascii_letters_in_the_key()
    {
        var (ok, _, key, wire) = Read([3, (byte)'W', (byte)'w', (byte)'W', 2, 0xC9, (byte)'Z', 0], 0);

        Assert.True(ok);
        Assert.Equal("www.\u00C9z", key);
        Assert.Equal("\u0003WwW\u0002\u00C9Z\0", wire);
    }

    [Fact]
    public void A_dot_inside_a_label_never_matches_two_labels()
    {
        var (ok, _, key, _) = Read([3, (byte)'a', (byte)'.', (byte)'b', 0], 0);

        Assert.True(ok);
        Assert.Equal("a\0b", key);
    }

    [Theory]
    [InlineData(new byte[] { 3, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 1, (byte)'a' })]
    [InlineData(new byte[] { 0xC0 })]
    [InlineData(new byte[] { 0xC0, 0x00 })]
    [InlineData(new byte[] { 1, (byte)'a', 0xC0, 0x05, 0 })]
    [InlineData(new byte[] { 0x40, 0 })]
    [InlineData(new byte[] { 0x80, 0 })]
    public void Malformed_names_are_rejected(byte[] message)
    {
        Assert.False(Read(message, 0).Ok);
    }

    [Fact]
    public void A_pointer_loop_is_rejected()
    {
        Assert.False(Read([1, (byte)'a', 0xC0, 0x00], 2).Ok);
    }

    [Fact]
    public void Names_of_up_to_255_bytes_are_read_and_longer_ones_rejected()
    {
        var longest = new List<byte>();
        for (var i = 0; i < 4; i++)
        {
            longest.Add(62);
            longest.AddRange(Enumerable.Repeat((byte)'a', 62));
        }

        longest.Add(0);
        List<byte> exactly255 = [1, (byte)'a', .. longest];
        List<byte> over255 = [2, (byte)'a', (byte)'b', .. longest];

        Assert.True(Read([.. exactly255], 0).Ok);
        Assert.False(Read([.. over255], 0).Ok);
    }

    [Fact]
    public void Skipping_stops_after_a_pointer_or_the_root()
    {
        var offset = 40;
        Assert.True(DnsNameReader.TrySkip(Rfc1035Example, ref offset));
        Assert.Equal(46, offset);

        offset = 20;
        Assert.True(DnsNameReader.TrySkip(Rfc1035Example, ref offset));
        Assert.Equal(32, offset);
    }

    private static (bool Ok, int Offset, string Key, string Wire) Read(byte[] message, int offset)
    {
        var wire = new byte[DnsNameReader.MaxWireLength];
        var key = new char[DnsNameReader.MaxKeyLength];
        var ok = DnsNameReader.TryRead(message, ref offset, wire, out var wireLength, key, out var keyLength);
        return (ok, offset, new string(key, 0, keyLength), new string(wire[..wireLength].Select(b => (char)b).ToArray()));
    }

    private static byte[] Example()
    {
        var message = new byte[49];
        byte[] fIsiArpa = [1, (byte)'F', 3, (byte)'I', (byte)'S', (byte)'I', 4, (byte)'A', (byte)'R', (byte)'P', (byte)'A', 0];
        fIsiArpa.CopyTo(message, 20);
        byte[] foo = [3, (byte)'F', (byte)'O', (byte)'O', 0xC0, 20];
        foo.CopyTo(message, 40);
        byte[] arpa = [0xC0, 26];
        arpa.CopyTo(message, 46);
        message[48] = 0;
        return message;
    }
}
