namespace KubeSharp.ApiServer.Tables;

/// <summary>Column definitions as upstream's printers declare them, mostly with the API fields' documentation as description.</summary>
internal static class ColumnDocs
{
    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", string.Empty, description, priority);
}
