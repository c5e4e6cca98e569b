namespace KubeSharp.Dns.Records;

/// <summary>
/// Everything one name holds, ready to be written: addresses as raw bytes, names in wire form. A
/// node without records is an empty non-terminal (e.g. "default.svc.cluster.local"): it exists, so
/// queries for it are NODATA rather than NXDOMAIN (RFC 8020).
/// </summary>
internal sealed class ZoneNode
{
    /// <summary>The A records' addresses, 4 bytes each.</summary>
    public byte[] V4 { get; init; } = [];

    /// <summary>The AAAA records' addresses, 16 bytes each.</summary>
    public byte[] V6 { get; init; } = [];

    /// <summary>An ExternalName's target in wire form; it stands for the name, whatever type is asked (RFC 1034 3.6.2).</summary>
    public byte[]? Cname { get; init; }

    /// <summary>The target's key when it lies in the cluster zone, so its records can follow the CNAME.</summary>
    public string? CnameKey { get; init; }

    public SrvRecord[] Srv { get; init; } = [];

    /// <summary>The addresses of the SRV targets, for the additional section.</summary>
    public AddressRecord[] SrvAdditional { get; init; } = [];

    /// <summary>PTR targets in wire form.</summary>
    public byte[][] Ptr { get; init; } = [];

    /// <summary>A TXT record's RDATA (one character-string with its length byte).</summary>
    public byte[]? Txt { get; init; }
}
