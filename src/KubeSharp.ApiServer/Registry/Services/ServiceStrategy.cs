using System.Text.Json.Nodes;
using KubeSharp.Api;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Services;

/// <summary>
/// Services (upstream's pkg/registry/core/service): DNS-1035 names, SetDefaults_Service, an empty
/// load balancer status on create, and service validation. Cluster IPs and node ports are
/// allocated elsewhere; here the values given are only checked.
/// </summary>
internal sealed class ServiceStrategy : ResourceStrategy
{
    public override bool HasStatusSubresource => true;

    public override TableDefinition Table => ServiceTable.Definition;

    public override IReadOnlySet<string> SelectableFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type",
    };

    public override string? NameError(string name) => ObjectNames.Dns1035LabelError(name);

    public override void Default(JsonObject item) => ServiceDefaults.Apply(item);

    public override void PrepareForCreate(JsonObject item) =>
        item["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };

    public override void Validate(JsonObject item, FieldErrors errors) => ServiceRules.Validate(errors, item);

    public override void ValidateUpdate(JsonObject item, JsonObject old, FieldErrors errors) => ServiceRules.ValidateUpdate(errors, item, old);

    public override Dictionary<string, string> Fields(JsonObject item) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = item.GetString("metadata.name") ?? string.Empty,
        ["metadata.namespace"] = item.GetString("metadata.namespace") ?? string.Empty,
        ["spec.clusterIP"] = item.GetString("spec.clusterIP") ?? string.Empty,
        ["spec.type"] = item.GetString("spec.type") ?? string.Empty,
    };
}
