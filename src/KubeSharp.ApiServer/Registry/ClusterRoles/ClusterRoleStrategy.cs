using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rbac;
using KubeSharp.ApiServer.Registry.Rules;

namespace KubeSharp.ApiServer.Registry.ClusterRoles;

/// <summary>
/// rbac.authorization.k8s.io/v1 ClusterRoles: rules that may also grant non-resource URLs, or an
/// aggregation rule selecting other ClusterRoles; upstream gives them the default table.
/// </summary>
internal sealed class ClusterRoleStrategy : ResourceStrategy
{
    public override string? NameError(string name) => RbacRules.NameError(name);

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        RbacRules.ValidateRules(item, namespaced: false, errors);
        if (item.GetObject("aggregationRule") is not { } aggregationRule)
        {
            return;
        }

        const string SelectorsPath = "aggregationRule.clusterRoleSelectors";
        var selectors = aggregationRule.GetArray("clusterRoleSelectors");
        if ((selectors?.Count ?? 0) == 0)
        {
            errors.Required(SelectorsPath, "at least one clusterRoleSelector required if aggregationRule is non-nil");
        }

        for (var i = 0; i < (selectors?.Count ?? 0); i++)
        {
            var path = $"{SelectorsPath}[{i}]";
            var selector = selectors![i] as JsonObject ?? new JsonObject();
            LabelSelectors.Validate(selector, path, errors);
            if (!LabelSelectors.TryConvert(selector, out _))
            {
                GoValues.Invalid(errors, path, GoValues.LabelSelector(selector), "invalid label selector.");
            }
        }
    }
}
