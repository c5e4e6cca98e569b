using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Wire;

public sealed class QueryReaderTests
{
    /// <summary>"example.com. IN A", ID 0xABCD, RD set, as a stub resolver sends it (RFC 1035 4.1).</summary>
    private static readonly byte[] Plain =
    [
        0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x07, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0x03, (byte)'c', (byte)'o', (byte)'m', 0x00,
        0x00, 0x01, 0x00, 0x01,
    ];

    /// <summary>The same with ARCOUNT 1 and an OPT record: payload 1232, version 0, DO set, a cookie option (RFC 6891 6.1.2, RFC 7873).</summary>
    private static readonly byte[] WithOpt =
    [
        0xAB, 0xCD, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x07, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0x03, (byte)'c', (byte)'o', (byte)'m', 0x00,
        0x00, 0x1C, 0x00, 0x01,
        0x00, 0x00, 0x29, 0x04, 0xD0, 0x00, 0x00, 0x80, 0x00, 0x00, 0x0C,
        0x00, 0x0A, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
    ];

    [Fact]
    public void Reads_a_query_encoded_by_hand()
    {
        var (status, header, question, edns, key) = Read(Plain);

        Assert.Equal(QueryStatus.Ok, status);
        Assert.Equal(0xABCD, header.Id);
        Assert.False(header.IsResponse);
        Assert.Equal("example.com", key);
        Assert.Equal(13, question.NameLength);
        Assert.Equal((ushort)RecordType.A, question.Type);
        Assert.Equal(1, question.Class);
        Assert.False(edns.Present);
    }

    [Fact]
    public void Reads_the_opt_record()
    {
        var (status, _, question, edns, _) = Read(WithOpt);

        Assert.Equal(QueryStatus.Ok, status);
        Assert.Equal((ushort)RecordType.AAAA, question.Type);
        Assert.Equal(new Edns(true, 1232, 0, true), edns);
    }

    [Fact]
    public void Shorter_than_a_header_or_a_response_is_ignored()
    {
        Assert.Equal(QueryStatus.Ignore, Read(Plain[..11]).Status);
        var response = (byte[])Plain.Clone();
        response[2] |= 0x80;
        Assert.Equal(QueryStatus.Ignore, Read(response).Status);
    }

    [Fact]
    public void Another_opcode_is_not_implemented()
    {
        var notify = (byte[])Plain.Clone();
        notify[2] = 0x20;
        Assert.Equal(QueryStatus.NotImplemented, Read(notify).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Anything_but_one_question_is_a_format_error(int questions)
    {
        var query = (byte[])Plain.Clone();
        query[5] = (byte)questions;
        Assert.Equal(QueryStatus.FormatError, Read(query).Status);
    }

    [Fact]
    public void A_cut_off_question_is_a_format_error()
    {
        Assert.Equal(QueryStatus.FormatError, Read(Plain[..^2]).Status);
        Assert.Equal(QueryStatus.FormatError, Read(Plain[..20]).Status);
    }

    [Fact]
    public void Records_promised_but_missing_are_a_format_error()
    {
        var query = (byte[])Plain.Clone();
        query[11] = 1;
        Assert.Equal(QueryStatus.FormatError, Read(query).Status);
    }

    [Fact]
    public void Two_opt_records_are_a_format_error()
    {
        byte[] opt = [0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] query = [.. Plain, .. opt, .. opt];
        query[11] = 2;
        Assert.Equal(QueryStatus.FormatError, Read(query).Status);
    }

    private static (QueryStatus Status, DnsHeader Header, DnsQuestion Question, Edns Edns, string Key) Read(byte[] message)
    {
        var name = new byte[DnsNameReader.MaxWireLength];
        var key = new char[DnsNameReader.MaxKeyLength];
        var status = QueryReader.Read(message, name, key, out var header, out var question, out var edns);
        return (status, header, question, edns, new string(key, 0, question.KeyLength));
    }
}
