namespace KubeSharp.Dns.Records;

/// <summary>Where the servers get the zone from; read once per query, so a new snapshot applies to the next one.</summary>
internal interface ISnapshotSource
{
    ZoneSnapshot Current { get; }
}
