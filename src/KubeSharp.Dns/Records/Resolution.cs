using KubeSharp.Dns.Wire;

namespace KubeSharp.Dns.Records;

/// <summary>How a question was answered: the RCODE and AA bit, or that it is to be forwarded.</summary>
internal readonly record struct Resolution(ResponseCode Rcode, bool Authoritative, bool Forward)
{
    /// <summary>NOERROR from the zone: records, or none (NODATA).</summary>
    public static readonly Resolution Answered = new(ResponseCode.NoError, true, false);

    public static readonly Resolution NameError = new(ResponseCode.NameError, true, false);

    public static readonly Resolution Refused = new(ResponseCode.Refused, false, false);

    /// <summary>NXDOMAIN for a name outside the cluster's zones when nothing is forwarded: not authoritative, no SOA.</summary>
    public static readonly Resolution Unknown = new(ResponseCode.NameError, false, false);

    public static readonly Resolution Forwarded = new(ResponseCode.NoError, false, true);
}
