using KubeSharp.Dns.Tests.Support;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Wire;

public sealed class DnsMessageWriterTests
{
    private static readonly byte[] Www = TestQueries.EncodeName("www.example.com");

    [Fact]
    public void The_question_is_written_whole_after_the_header()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        writer.WriteHeader(0x1234, 0x8180);

        byte[] expected = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, .. Www, 0, 1, 0, 1];
        Assert.Equal(expected, buffer[..writer.Length]);
    }

    [Fact]
    public void A_name_sharing_a_suffix_with_one_written_before_points_at_it()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        var start = writer.Length;
        writer.StartRecord(TestQueries.EncodeName("mail.example.com"), RecordType.A, 60);
        writer.WriteBytes([10, 0, 0, 1]);
        writer.EndRecord(MessageSection.Answer);

        // "mail", then a pointer to "example.com" at 12 + 4.
        byte[] expected = [4, (byte)'m', (byte)'a', (byte)'i', (byte)'l', 0xC0, 16, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1];
        Assert.Equal(expected, buffer[start..writer.Length]);
        Assert.Equal(1, writer.AnswerCount);
    }

    [Fact]
    public void A_name_written_before_is_a_pointer_alone_and_its_offset_is_where_it_was()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        var start = writer.Length;

        var offset = writer.WriteName(Www);

        Assert.Equal(DnsMessageWriter.QuestionOffset, offset);
        Assert.Equal([0xC0, 12], buffer[start..writer.Length]);
    }

    [Fact]
    public void Compression_compares_bytes_so_case_is_kept()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        var start = writer.Length;

        writer.WriteName(TestQueries.EncodeName("WWW.example.com"));

        Assert.Equal([3, (byte)'W', (byte)'W', (byte)'W', 0xC0, 16], buffer[start..writer.Length]);
    }

    [Fact]
    public void Names_are_compressed_against_names_in_records_too()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(TestQueries.EncodeName("_http._tcp.web.default.svc.cluster.local"), (ushort)RecordType.SRV, 1);
        writer.StartRecord(DnsMessageWriter.QuestionOffset, RecordType.SRV, 5);
        writer.WriteUInt16(0);
        writer.WriteUInt16(100);
        writer.WriteUInt16(80);
        var target = writer.WriteName(TestQueries.EncodeName("web-0.web.default.svc.cluster.local"));
        writer.EndRecord(MessageSection.Answer);
        var additional = writer.Length;
        writer.StartRecord(TestQueries.EncodeName("web-0.web.default.svc.cluster.local"), RecordType.A, 5);
        writer.WriteBytes([10, 42, 0, 10]);
        writer.EndRecord(MessageSection.Additional);
        writer.WriteHeader(1, 0x8400);

        Assert.Equal([0xC0, (byte)target], buffer[additional..(additional + 2)]);
        var reply = TestReply.Parse(buffer.AsSpan(0, writer.Length));
        Assert.Equal("0 100 80 web-0.web.default.svc.cluster.local", Assert.Single(reply.Answers).Data);
        Assert.Equal(new TestRecord("web-0.web.default.svc.cluster.local", RecordType.A, 1, 5, "10.42.0.10"), Assert.Single(reply.Additional));
    }

    [Fact]
    public void Writing_past_the_limit_marks_the_message_overflowed_and_stops()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 40, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        writer.StartRecord(DnsMessageWriter.QuestionOffset, RecordType.A, 5);
        writer.WriteBytes([1, 2, 3, 4]);
        writer.EndRecord(MessageSection.Answer);

        Assert.True(writer.Overflowed);
        Assert.True(writer.Length <= 40);
        Assert.Equal(0, writer.AnswerCount);
    }

    [Fact]
    public void An_opt_record_carries_the_payload_size_extended_rcode_and_do_bit()
    {
        var buffer = new byte[512];
        var writer = new DnsMessageWriter(buffer, 512, new CompressionTable());
        writer.WriteQuestion(Www, (ushort)RecordType.A, 1);
        var start = writer.Length;

        writer.WriteOpt(4096, 1, true);

        Assert.Equal([0, 0, 41, 0x10, 0x00, 1, 0, 0x80, 0, 0, 0], buffer[start..writer.Length]);
        Assert.Equal(1, writer.AdditionalCount);
    }
}
