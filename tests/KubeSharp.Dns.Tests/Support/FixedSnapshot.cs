using KubeSharp.Dns.Records;

namespace KubeSharp.Dns.Tests.Support;

/// <summary>A snapshot that does not change, for the servers under test.</summary>
internal sealed class FixedSnapshot(ZoneSnapshot snapshot) : ISnapshotSource
{
    public ZoneSnapshot Current => snapshot;
}
