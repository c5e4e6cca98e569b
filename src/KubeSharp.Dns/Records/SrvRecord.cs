namespace KubeSharp.Dns.Records;

/// <summary>The data of one SRV record (RFC 2782); the target in wire form.</summary>
internal readonly record struct SrvRecord(ushort Priority, ushort Weight, ushort Port, byte[] Target);
