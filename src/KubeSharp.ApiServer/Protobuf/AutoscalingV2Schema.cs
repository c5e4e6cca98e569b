namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/autoscaling/v2 generated.proto (v0.32): HorizontalPodAutoscaler with metrics and behavior.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class AutoscalingV2Schema
{
    private static readonly MessageSchema CrossVersionObjectReference = new MessageSchema("autoscaling/v2.CrossVersionObjectReference")
        .String(1, "kind", keepZero: true)
        .String(2, "name", keepZero: true)
        .String(3, "apiVersion");

    private static readonly MessageSchema MetricIdentifier = new MessageSchema("autoscaling/v2.MetricIdentifier")
        .String(1, "name", keepZero: true)
        .Message(2, "selector", MetaV1Schema.LabelSelector);

    private static readonly MessageSchema MetricTarget = new MessageSchema("autoscaling/v2.MetricTarget")
        .String(1, "type", keepZero: true)
        .Quantity(2, "value")
        .Quantity(3, "averageValue")
        .Int32(4, "averageUtilization", keepZero: true);

    private static readonly MessageSchema MetricValueStatus = new MessageSchema("autoscaling/v2.MetricValueStatus")
        .Quantity(1, "value")
        .Quantity(2, "averageValue")
        .Int32(3, "averageUtilization", keepZero: true);

    private static readonly MessageSchema ObjectMetricSource = new MessageSchema("autoscaling/v2.ObjectMetricSource")
        .Message(1, "describedObject", CrossVersionObjectReference)
        .Message(2, "target", MetricTarget)
        .Message(3, "metric", MetricIdentifier);

    private static readonly MessageSchema PodsMetricSource = new MessageSchema("autoscaling/v2.PodsMetricSource")
        .Message(1, "metric", MetricIdentifier)
        .Message(2, "target", MetricTarget);

    private static readonly MessageSchema ResourceMetricSource = new MessageSchema("autoscaling/v2.ResourceMetricSource")
        .String(1, "name", keepZero: true)
        .Message(2, "target", MetricTarget);

    private static readonly MessageSchema ContainerResourceMetricSource = new MessageSchema("autoscaling/v2.ContainerResourceMetricSource")
        .String(1, "name", keepZero: true)
        .Message(2, "target", MetricTarget)
        .String(3, "container", keepZero: true);

    private static readonly MessageSchema ExternalMetricSource = new MessageSchema("autoscaling/v2.ExternalMetricSource")
        .Message(1, "metric", MetricIdentifier)
        .Message(2, "target", MetricTarget);

    private static readonly MessageSchema MetricSpec = new MessageSchema("autoscaling/v2.MetricSpec")
        .String(1, "type", keepZero: true)
        .Message(2, "object", ObjectMetricSource)
        .Message(3, "pods", PodsMetricSource)
        .Message(4, "resource", ResourceMetricSource)
        .Message(7, "containerResource", ContainerResourceMetricSource)
        .Message(5, "external", ExternalMetricSource);

    private static readonly MessageSchema HpaScalingPolicy = new MessageSchema("autoscaling/v2.HPAScalingPolicy")
        .String(1, "type", keepZero: true)
        .Int32(2, "value", keepZero: true)
        .Int32(3, "periodSeconds", keepZero: true);

    private static readonly MessageSchema HpaScalingRules = new MessageSchema("autoscaling/v2.HPAScalingRules")
        .Int32(3, "stabilizationWindowSeconds", keepZero: true)
        .String(1, "selectPolicy", keepZero: true)
        .Messages(2, "policies", HpaScalingPolicy);

    private static readonly MessageSchema HorizontalPodAutoscalerBehavior = new MessageSchema("autoscaling/v2.HorizontalPodAutoscalerBehavior")
        .Message(1, "scaleUp", HpaScalingRules)
        .Message(2, "scaleDown", HpaScalingRules);

    private static readonly MessageSchema HorizontalPodAutoscalerSpec = new MessageSchema("autoscaling/v2.HorizontalPodAutoscalerSpec")
        .Message(1, "scaleTargetRef", CrossVersionObjectReference)
        .Int32(2, "minReplicas", keepZero: true)
        .Int32(3, "maxReplicas", keepZero: true)
        .Messages(4, "metrics", MetricSpec)
        .Message(5, "behavior", HorizontalPodAutoscalerBehavior);

    private static readonly MessageSchema ObjectMetricStatus = new MessageSchema("autoscaling/v2.ObjectMetricStatus")
        .Message(1, "metric", MetricIdentifier)
        .Message(2, "current", MetricValueStatus)
        .Message(3, "describedObject", CrossVersionObjectReference);

    private static readonly MessageSchema PodsMetricStatus = new MessageSchema("autoscaling/v2.PodsMetricStatus")
        .Message(1, "metric", MetricIdentifier)
        .Message(2, "current", MetricValueStatus);

    private static readonly MessageSchema ResourceMetricStatus = new MessageSchema("autoscaling/v2.ResourceMetricStatus")
        .String(1, "name", keepZero: true)
        .Message(2, "current", MetricValueStatus);

    private static readonly MessageSchema ContainerResourceMetricStatus = new MessageSchema("autoscaling/v2.ContainerResourceMetricStatus")
        .String(1, "name", keepZero: true)
        .Message(2, "current", MetricValueStatus)
        .String(3, "container", keepZero: true);

    private static readonly MessageSchema ExternalMetricStatus = new MessageSchema("autoscaling/v2.ExternalMetricStatus")
        .Message(1, "metric", MetricIdentifier)
        .Message(2, "current", MetricValueStatus);

    private static readonly MessageSchema MetricStatus = new MessageSchema("autoscaling/v2.MetricStatus")
        .String(1, "type", keepZero: true)
        .Message(2, "object", ObjectMetricStatus)
        .Message(3, "pods", PodsMetricStatus)
        .Message(4, "resource", ResourceMetricStatus)
        .Message(7, "containerResource", ContainerResourceMetricStatus)
        .Message(5, "external", ExternalMetricStatus);

    private static readonly MessageSchema HorizontalPodAutoscalerCondition = new MessageSchema("autoscaling/v2.HorizontalPodAutoscalerCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(3, "lastTransitionTime")
        .String(4, "reason")
        .String(5, "message");

    private static readonly MessageSchema HorizontalPodAutoscalerStatus = new MessageSchema("autoscaling/v2.HorizontalPodAutoscalerStatus")
        .Int64(1, "observedGeneration", keepZero: true)
        .Time(2, "lastScaleTime")
        .Int32(3, "currentReplicas")
        .Int32(4, "desiredReplicas", keepZero: true)
        .Messages(5, "currentMetrics", MetricStatus)
        .Messages(6, "conditions", HorizontalPodAutoscalerCondition);

    internal static readonly MessageSchema HorizontalPodAutoscaler = new MessageSchema("autoscaling/v2.HorizontalPodAutoscaler")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", HorizontalPodAutoscalerSpec)
        .Message(3, "status", HorizontalPodAutoscalerStatus);
}
