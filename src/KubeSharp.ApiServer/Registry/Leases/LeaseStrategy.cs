using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Json;
using KubeSharp.ApiServer.Registry.Rules;
using KubeSharp.ApiServer.Tables;

namespace KubeSharp.ApiServer.Registry.Leases;

/// <summary>coordination.k8s.io/v1 Leases (pkg/registry/coordination/lease): leader election and node heartbeats.</summary>
internal sealed class LeaseStrategy : ResourceStrategy
{
    private static readonly TableDefinition LeaseTable = TableDefinition.NameAge(
        (new TableColumn("Holder", "string", string.Empty, "holderIdentity contains the identity of the holder of a current lease."), (item, _) => item.GetString("spec.holderIdentity") ?? string.Empty));

    public override TableDefinition Table => LeaseTable;

    /// <summary>No defaults in 1.32; spec is a value upstream, so it is always there.</summary>
    public override void Default(JsonObject item) => item.Ensure("spec");

    public override void Validate(JsonObject item, FieldErrors errors)
    {
        if (NumberRules.Long(item.Get("spec.leaseDurationSeconds")) is { } duration && duration <= 0)
        {
            errors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        NumberRules.NonNegative(item.Get("spec.leaseTransitions"), "spec.leaseTransitions", errors);
    }
}
