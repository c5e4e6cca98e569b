namespace KubeSharp.Dns.Wire;

/// <summary>
/// The question of a query: the lengths of its name in wire form and as a lookup key (both held in
/// buffers the caller provided to <see cref="QueryReader"/>), type and class.
/// </summary>
internal readonly record struct DnsQuestion(int NameLength, int KeyLength, ushort Type, ushort Class);
