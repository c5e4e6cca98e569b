namespace KubeSharp.Dns.Records;

/// <summary>An A (4-byte address) or AAAA (16-byte) record for another name, e.g. an SRV target in the additional section.</summary>
internal readonly record struct AddressRecord(byte[] Owner, byte[] Address);
