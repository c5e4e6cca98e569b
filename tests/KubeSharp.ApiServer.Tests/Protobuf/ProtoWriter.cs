using System.Buffers.Binary;
using System.Text;

namespace KubeSharp.ApiServer.Tests.Protobuf;

/// <summary>
/// A test-only protobuf encoder. Fields go out in call order; write them in field-number order, as gogo's
/// generated marshallers do, including the zero values those write for non-pointer fields.
/// </summary>
internal sealed class ProtoWriter
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private readonly List<byte> _bytes = [];

    /// <summary>A body as kubectl sends it: "k8s\0" and a runtime.Unknown holding the typeMeta and the raw object.</summary>
    public static byte[] Body(string apiVersion, string kind, ProtoWriter raw)
    {
        var unknown = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, apiVersion).String(2, kind))
            .Bytes(2, raw.ToArray());
        return [.. Magic, .. unknown.ToArray()];
    }

    /// <summary>"k8s\0" followed by exactly these bytes, for malformed envelopes.</summary>
    public static byte[] RawBody(params byte[] bytes) => [.. Magic, .. bytes];

    public ProtoWriter Int32(int field, int value) => Tag(field, 0).Varint(unchecked((ulong)(long)value));

    public ProtoWriter Int64(int field, long value) => Tag(field, 0).Varint(unchecked((ulong)value));

    public ProtoWriter Bool(int field, bool value) => Tag(field, 0).Varint(value ? 1UL : 0UL);

    public ProtoWriter Double(int field, double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return Tag(field, 1).Raw(bytes);
    }

    public ProtoWriter Fixed32(int field, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Tag(field, 5).Raw(bytes);
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value) => Tag(field, 2).Varint((ulong)value.Length).Raw(value);

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A map&lt;string, string&gt; entry: {key = 1; value = 2}.</summary>
    public ProtoWriter Entry(int field, string key, string value) => Message(field, new ProtoWriter().String(1, key).String(2, value));

    /// <summary>A metav1.Time or MicroTime: {seconds = 1; nanos = 2}.</summary>
    public ProtoWriter Time(int field, long seconds, int nanos = 0) => Message(field, new ProtoWriter().Int64(1, seconds).Int32(2, nanos));

    public ProtoWriter Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    public ProtoWriter Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public ProtoWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
