namespace KubeSharp.Dns.Wire;

/// <summary>The RR types this server answers or has to recognise (RFC 1035, 2782 SRV, 3596 AAAA, 6891 OPT, 1995/5936 transfers).</summary>
internal enum RecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    OPT = 41,
    IXFR = 251,
    AXFR = 252,
    ANY = 255,
}
