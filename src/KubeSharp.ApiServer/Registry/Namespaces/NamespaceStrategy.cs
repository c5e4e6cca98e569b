using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
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

    /// <summary>Upstream also keeps a bare "name" selector, for backward compatibility.</summary>
    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "metadata.name", "status.phase", "name" };

    public override string? NameError(string name) => FieldRules.Dns1123LabelProblem(name);

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

    /// <summary>ValidateNamespace: spec.finalizers are qualified names, and unprefixed ones standard (reported without an index, as upstream).</summary>
    public override void Validate(JsonObject item, FieldErrors errors)
    {
        foreach (var finalizer in item.GetArray("spec.finalizers") ?? [])
        {
            var name = finalizer is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
            if (ObjectNames.QualifiedNameError(name) is { } problem)
            {
                errors.Invalid("spec.finalizers", name, problem);
            }

            if (!name.Contains('/', StringComparison.Ordinal) && name is not ("kubernetes" or "orphan" or "foregroundDeletion"))
            {
                errors.Invalid("spec.finalizers", name, "name is neither a standard finalizer name nor is it fully qualified");
            }
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
        ["name"] = item.GetString("metadata.name") ?? string.Empty,
    };
}
