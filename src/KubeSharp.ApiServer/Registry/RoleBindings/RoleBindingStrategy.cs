using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Rbac;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.RoleBindings;

/// <summary>rbac.authorization.k8s.io/v1 RoleBindings: grant a Role or ClusterRole to subjects within a namespace; the role never changes.</summary>
internal sealed class RoleBindingStrategy : ResourceStrategy
{
    private static readonly string[] RoleKinds = ["Role", "ClusterRole"];

    private static readonly TableDefinition RoleBindingTable = RbacRules.BindingTable(
        "roleBinding",
        "roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.");

    public override TableDefinition Table => RoleBindingTable;

    public override string? NameError(string name) => RbacRules.NameError(name);

    public override void Default(JsonObject item) => RbacRules.DefaultBinding(item);

    public override void Validate(JsonObject item, FieldErrors errors) => RbacRules.ValidateBinding(item, namespaced: true, RoleKinds, errors);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        RbacRules.RoleRefImmutable(item, old, errors);
    }
}
