using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry;

/// <summary>A strategy with nothing resource-specific beyond generation, the status split and its table.</summary>
internal sealed class SimpleStrategy(bool tracksGeneration = false, bool hasStatus = false, TableDefinition? table = null) : ResourceStrategy
{
    public override bool TracksGeneration => tracksGeneration;

    public override bool HasStatusSubresource => hasStatus;

    public override TableDefinition Table => table ?? TableDefinition.Default;
}
