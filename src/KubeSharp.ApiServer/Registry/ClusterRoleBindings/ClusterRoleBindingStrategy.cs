using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Rbac;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.ClusterRoleBindings;

/// <summary>rbac.authorization.k8s.io/v1 ClusterRoleBindings: grant a ClusterRole cluster-wide; service account subjects name their namespace.</summary>
internal sealed class ClusterRoleBindingStrategy : ResourceStrategy
{
    private static readonly string[] RoleKinds = ["ClusterRole"];

    private static readonly TableDefinition ClusterRoleBindingTable = RbacRules.BindingTable(
        "clusterRoleBinding",
        "roleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.");

    public override TableDefinition Table => ClusterRoleBindingTable;

    public override string? NameError(string name) => RbacRules.NameError(name);

    public override void Default(JsonObject item) => RbacRules.DefaultBinding(item);

    public override void Validate(JsonObject item, FieldErrors errors) => RbacRules.ValidateBinding(item, namespaced: false, RoleKinds, errors);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors)
    {
        Validate(item, errors);
        RbacRules.RoleRefImmutable(item, old, errors);
    }
}
