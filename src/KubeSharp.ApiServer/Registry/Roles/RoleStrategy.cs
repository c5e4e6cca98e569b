using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Registry.Rbac;

namespace KubeSharp.ApiServer.Registry.Roles;

/// <summary>rbac.authorization.k8s.io/v1 Roles: resource rules within a namespace; upstream gives them the default table.</summary>
internal sealed class RoleStrategy : ResourceStrategy
{
    public override string? NameError(string name) => RbacRules.NameError(name);

    public override void Validate(JsonObject item, FieldErrors errors) => RbacRules.ValidateRules(item, namespaced: true, errors);
}
