namespace KubeSharp.Dns.Wire;

/// <summary>RCODEs (RFC 1035 4.1.1); BADVERS needs the extended RCODE of an OPT record (RFC 6891 6.1.3).</summary>
internal enum ResponseCode
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
    BadVersion = 16,
}
