namespace KubeSharp.ApiServer.Protobuf;

/// <summary>k8s.io/api/scheduling/v1 generated.proto (v0.32): PriorityClass.</summary>
internal static class SchedulingV1Schema
{
    internal static readonly MessageSchema PriorityClass = new MessageSchema("scheduling/v1.PriorityClass")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Int32(2, "value", keepZero: true)
        .Bool(3, "globalDefault")
        .String(4, "description")
        .String(5, "preemptionPolicy", keepZero: true);
}
