namespace KubeSharp.Dns.Wire;

/// <summary>What reading a query found, and so what the reply must be.</summary>
internal enum QueryStatus
{
    /// <summary>A query with one question: answer it.</summary>
    Ok,

    /// <summary>Shorter than a header, or a response (QR set): send nothing back, as miekg/dns does.</summary>
    Ignore,

    /// <summary>Malformed after a readable header: FORMERR.</summary>
    FormatError,

    /// <summary>An opcode other than QUERY: NOTIMP.</summary>
    NotImplemented,
}
