namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/autoscaling/v1 generated.proto (v0.32): HorizontalPodAutoscaler.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class AutoscalingV1Schema
{
    private static readonly MessageSchema CrossVersionObjectReference = new MessageSchema("autoscaling/v1.CrossVersionObjectReference")
        .String(1, "kind", keepZero: true)
        .String(2, "name", keepZero: true)
        .String(3, "apiVersion");

    private static readonly MessageSchema HorizontalPodAutoscalerSpec = new MessageSchema("autoscaling/v1.HorizontalPodAutoscalerSpec")
        .Message(1, "scaleTargetRef", CrossVersionObjectReference)
        .Int32(2, "minReplicas", keepZero: true)
        .Int32(3, "maxReplicas", keepZero: true)
        .Int32(4, "targetCPUUtilizationPercentage", keepZero: true);

    private static readonly MessageSchema HorizontalPodAutoscalerStatus = new MessageSchema("autoscaling/v1.HorizontalPodAutoscalerStatus")
        .Int64(1, "observedGeneration", keepZero: true)
        .Time(2, "lastScaleTime")
        .Int32(3, "currentReplicas", keepZero: true)
        .Int32(4, "desiredReplicas", keepZero: true)
        .Int32(5, "currentCPUUtilizationPercentage", keepZero: true);

    internal static readonly MessageSchema HorizontalPodAutoscaler = new MessageSchema("autoscaling/v1.HorizontalPodAutoscaler")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", HorizontalPodAutoscalerSpec)
        .Message(3, "status", HorizontalPodAutoscalerStatus);
}
