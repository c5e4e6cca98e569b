using System.Buffers.Binary;
using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>Queries encoded by hand (RFC 1035 4.1), independently of the server's own writer.</summary>
internal static class TestQueries
{
    public const ushort Id = 0xBEEF;

    /// <param name="name">The question's name, dotted.</param>
    /// <param name="type">The question's type.</param>
    /// <param name="payloadSize">With a value, an OPT record advertising that UDP payload size.</param>
    /// <param name="ednsVersion">The OPT record's EDNS version.</param>
    /// <param name="dnssecOk">The OPT record's DO bit.</param>
    /// <param name="cls">The question's class.</param>
    public static byte[] Build(string name, RecordType type, ushort? payloadSize = null, byte ednsVersion = 0, bool dnssecOk = false, ushort cls = 1)
    {
        var bytes = new List<byte>();
        AddUInt16(bytes, Id);
        AddUInt16(bytes, 0x0100);
        AddUInt16(bytes, 1);
        AddUInt16(bytes, 0);
        AddUInt16(bytes, 0);
        AddUInt16(bytes, (ushort)(payloadSize is null ? 0 : 1));
        bytes.AddRange(EncodeName(name));
        AddUInt16(bytes, (ushort)type);
        AddUInt16(bytes, cls);
        if (payloadSize is { } size)
        {
            bytes.Add(0);
            AddUInt16(bytes, (ushort)RecordType.OPT);
            AddUInt16(bytes, size);
            bytes.Add(0);
            bytes.Add(ednsVersion);
            AddUInt16(bytes, (ushort)(dnssecOk ? 0x8000 : 0));
            AddUInt16(bytes, 0);
        }

        return [.. bytes];
    }

    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(label.Select(c => (byte)c));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>A TCP message: the query behind its 2-byte length.</summary>
    public static byte[] Framed(byte[] query)
    {
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        return framed;
    }

    private static void AddUInt16(List<byte> bytes, ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }
}
