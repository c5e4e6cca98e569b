using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.ControllerRevisions;

/// <summary>apps/v1 ControllerRevisions (pkg/registry/apps/controllerrevision): snapshots whose data never changes.</summary>
internal sealed class ControllerRevisionStrategy : ResourceStrategy
{
    private static readonly TableDefinition ControllerRevisionTable = TableDefinition.NameAge(
        (new TableColumn("Controller", "string", string.Empty, "Controller of the object"), (item, _) => Controller(item)),
        (new TableColumn("Revision", "string", string.Empty, "Revision indicates the revision of the state represented by Data."), (item, _) => WorkloadCells.Count(item, "revision")));

    public override TableDefinition Table => ControllerRevisionTable;

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        if (item["data"] is null)
        {
            errors.Required("data", "data is mandatory");
        }

        NumberRules.NonNegative(item["revision"], "revision", errors);
    }

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        ImmutableFields.Check(item, old, "data", errors);
    }

    /// <summary>The controlling owner as "kind.group/name" in lower case (metav1.GetControllerOf), or "&lt;none&gt;".</summary>
    private static string Controller(JsonObject item)
    {
        var owner = item.GetArray("metadata.ownerReferences").Objects().FirstOrDefault(o => o.GetBool("controller") == true);
        if (owner is null)
        {
            return "<none>";
        }

        var apiVersion = owner.GetString("apiVersion") ?? string.Empty;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var kind = owner.GetString("kind") ?? string.Empty;
        var name = owner.GetString("name") ?? string.Empty;
        if (group.Length == 0 && kind.Length == 0)
        {
            return name;
        }

        return (group.Length == 0 ? kind : $"{kind}.{group}").ToLowerInvariant() + "/" + name;
    }
}
