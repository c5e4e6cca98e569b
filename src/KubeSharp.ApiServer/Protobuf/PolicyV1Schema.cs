namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/policy/v1 generated.proto (v0.32): PodDisruptionBudget, and Eviction (what kubectl drain posts).
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class PolicyV1Schema
{
    private static readonly MessageSchema PodDisruptionBudgetSpec = new MessageSchema("policy/v1.PodDisruptionBudgetSpec")
        .IntOrString(1, "minAvailable")
        .Message(2, "selector", MetaV1Schema.LabelSelector)
        .IntOrString(3, "maxUnavailable")
        .String(4, "unhealthyPodEvictionPolicy", keepZero: true);

    private static readonly MessageSchema PodDisruptionBudgetStatus = new MessageSchema("policy/v1.PodDisruptionBudgetStatus")
        .Int64(1, "observedGeneration")
        .Map(2, "disruptedPods", ProtoKind.Time)
        .Int32(3, "disruptionsAllowed", keepZero: true)
        .Int32(4, "currentHealthy", keepZero: true)
        .Int32(5, "desiredHealthy", keepZero: true)
        .Int32(6, "expectedPods", keepZero: true)
        .Messages(7, "conditions", MetaV1Schema.Condition);

    internal static readonly MessageSchema PodDisruptionBudget = new MessageSchema("policy/v1.PodDisruptionBudget")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", PodDisruptionBudgetSpec)
        .Message(3, "status", PodDisruptionBudgetStatus);

    internal static readonly MessageSchema Eviction = new MessageSchema("policy/v1.Eviction")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "deleteOptions", MetaV1Schema.DeleteOptions);
}
