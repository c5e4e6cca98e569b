using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Namespaces;

/// <summary>Namespaces: DNS-1123 label names, the "kubernetes" finalizer, phase Active, and the metadata.name label.</summary>
internal sealed class NamespaceStrategy : ResourceStrategy
{
    private static readonly TableDefinition NamespaceTable = TableDefinition.NameAge(
        (new TableColumn("Status", "string", string.Empty, "The status of the namespace"), (item, _) => item.GetString("status.phase")));

    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => NamespaceTable;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "status.phase" };

    public override string? NameError(string name) => ObjectNames.Dns1123LabelError(name);

    public override void PrepareForCreate(JsonObject item)
    {
        item["status"] = new JsonObject { ["phase"] = "Active" };
        var finalizers = item.Ensure("spec")["finalizers"] as JsonArray ?? [];
        if (!finalizers.Any(f => f?.GetValue<string>() == "kubernetes"))
        {
            finalizers.Add("kubernetes");
        }

        item.Ensure("spec")["finalizers"] = finalizers;
    }

    public override void Default(JsonObject item)
    {
        // Upstream labels every namespace with its own name (immutable, selectable).
        if (item.GetString("metadata.name") is { } name)
        {
            item.Ensure("metadata.labels")["kubernetes.io/metadata.name"] = name;
        }
    }

    public override bool BeginDeletion(JsonObject item)
    {
        if ((item.GetArray("spec.finalizers")?.Count ?? 0) == 0)
        {
            return false;
        }

        item.Ensure("status")["phase"] = "Terminating";
        return true;
    }

    public override bool ReadyToDelete(JsonObject item) => base.ReadyToDelete(item) && (item.GetArray("spec.finalizers")?.Count ?? 0) == 0;

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["status.phase"] = item.GetString("status.phase") ?? string.Empty,
    };
}
