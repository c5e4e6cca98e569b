namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/apps/v1 generated.proto (v0.32): Deployment, ReplicaSet, StatefulSet, DaemonSet.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class AppsV1Schema
{
    private static readonly MessageSchema RollingUpdateDeployment = new MessageSchema("apps/v1.RollingUpdateDeployment")
        .IntOrString(1, "maxUnavailable")
        .IntOrString(2, "maxSurge");

    private static readonly MessageSchema DeploymentStrategy = new MessageSchema("apps/v1.DeploymentStrategy")
        .String(1, "type")
        .Message(2, "rollingUpdate", RollingUpdateDeployment);

    private static readonly MessageSchema DeploymentSpec = new MessageSchema("apps/v1.DeploymentSpec")
        .Int32(1, "replicas", keepZero: true)
        .Message(2, "selector", MetaV1Schema.LabelSelector)
        .Message(3, "template", CoreV1PodSchema.PodTemplateSpec)
        .Message(4, "strategy", DeploymentStrategy)
        .Int32(5, "minReadySeconds")
        .Int32(6, "revisionHistoryLimit", keepZero: true)
        .Bool(7, "paused")
        .Int32(9, "progressDeadlineSeconds", keepZero: true);

    private static readonly MessageSchema DeploymentCondition = new MessageSchema("apps/v1.DeploymentCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(6, "lastUpdateTime")
        .Time(7, "lastTransitionTime")
        .String(4, "reason")
        .String(5, "message");

    private static readonly MessageSchema DeploymentStatus = new MessageSchema("apps/v1.DeploymentStatus")
        .Int64(1, "observedGeneration")
        .Int32(2, "replicas")
        .Int32(3, "updatedReplicas")
        .Int32(7, "readyReplicas")
        .Int32(4, "availableReplicas")
        .Int32(5, "unavailableReplicas")
        .Messages(6, "conditions", DeploymentCondition)
        .Int32(8, "collisionCount", keepZero: true);

    internal static readonly MessageSchema Deployment = new MessageSchema("apps/v1.Deployment")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", DeploymentSpec)
        .Message(3, "status", DeploymentStatus);

    private static readonly MessageSchema ReplicaSetSpec = new MessageSchema("apps/v1.ReplicaSetSpec")
        .Int32(1, "replicas", keepZero: true)
        .Int32(4, "minReadySeconds")
        .Message(2, "selector", MetaV1Schema.LabelSelector)
        .Message(3, "template", CoreV1PodSchema.PodTemplateSpec);

    private static readonly MessageSchema ReplicaSetCondition = new MessageSchema("apps/v1.ReplicaSetCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(3, "lastTransitionTime")
        .String(4, "reason")
        .String(5, "message");

    private static readonly MessageSchema ReplicaSetStatus = new MessageSchema("apps/v1.ReplicaSetStatus")
        .Int32(1, "replicas", keepZero: true)
        .Int32(2, "fullyLabeledReplicas")
        .Int32(4, "readyReplicas")
        .Int32(5, "availableReplicas")
        .Int64(3, "observedGeneration")
        .Messages(6, "conditions", ReplicaSetCondition);

    internal static readonly MessageSchema ReplicaSet = new MessageSchema("apps/v1.ReplicaSet")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", ReplicaSetSpec)
        .Message(3, "status", ReplicaSetStatus);

    private static readonly MessageSchema RollingUpdateStatefulSetStrategy = new MessageSchema("apps/v1.RollingUpdateStatefulSetStrategy")
        .Int32(1, "partition", keepZero: true)
        .IntOrString(2, "maxUnavailable");

    private static readonly MessageSchema StatefulSetUpdateStrategy = new MessageSchema("apps/v1.StatefulSetUpdateStrategy")
        .String(1, "type")
        .Message(2, "rollingUpdate", RollingUpdateStatefulSetStrategy);

    private static readonly MessageSchema StatefulSetPersistentVolumeClaimRetentionPolicy = new MessageSchema("apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy")
        .String(1, "whenDeleted")
        .String(2, "whenScaled");

    private static readonly MessageSchema StatefulSetOrdinals = new MessageSchema("apps/v1.StatefulSetOrdinals")
        .Int32(1, "start", keepZero: true);

    private static readonly MessageSchema StatefulSetSpec = new MessageSchema("apps/v1.StatefulSetSpec")
        .Int32(1, "replicas", keepZero: true)
        .Message(2, "selector", MetaV1Schema.LabelSelector)
        .Message(3, "template", CoreV1PodSchema.PodTemplateSpec)
        .Messages(4, "volumeClaimTemplates", CoreV1VolumeSchema.PersistentVolumeClaim)
        .String(5, "serviceName", keepZero: true)
        .String(6, "podManagementPolicy")
        .Message(7, "updateStrategy", StatefulSetUpdateStrategy)
        .Int32(8, "revisionHistoryLimit", keepZero: true)
        .Int32(9, "minReadySeconds")
        .Message(10, "persistentVolumeClaimRetentionPolicy", StatefulSetPersistentVolumeClaimRetentionPolicy)
        .Message(11, "ordinals", StatefulSetOrdinals);

    private static readonly MessageSchema StatefulSetCondition = new MessageSchema("apps/v1.StatefulSetCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(3, "lastTransitionTime")
        .String(4, "reason")
        .String(5, "message");

    private static readonly MessageSchema StatefulSetStatus = new MessageSchema("apps/v1.StatefulSetStatus")
        .Int64(1, "observedGeneration")
        .Int32(2, "replicas", keepZero: true)
        .Int32(3, "readyReplicas")
        .Int32(4, "currentReplicas")
        .Int32(5, "updatedReplicas")
        .String(6, "currentRevision")
        .String(7, "updateRevision")
        .Int32(9, "collisionCount", keepZero: true)
        .Messages(10, "conditions", StatefulSetCondition)
        .Int32(11, "availableReplicas", keepZero: true);

    internal static readonly MessageSchema StatefulSet = new MessageSchema("apps/v1.StatefulSet")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", StatefulSetSpec)
        .Message(3, "status", StatefulSetStatus);

    private static readonly MessageSchema RollingUpdateDaemonSet = new MessageSchema("apps/v1.RollingUpdateDaemonSet")
        .IntOrString(1, "maxUnavailable")
        .IntOrString(2, "maxSurge");

    private static readonly MessageSchema DaemonSetUpdateStrategy = new MessageSchema("apps/v1.DaemonSetUpdateStrategy")
        .String(1, "type")
        .Message(2, "rollingUpdate", RollingUpdateDaemonSet);

    private static readonly MessageSchema DaemonSetSpec = new MessageSchema("apps/v1.DaemonSetSpec")
        .Message(1, "selector", MetaV1Schema.LabelSelector)
        .Message(2, "template", CoreV1PodSchema.PodTemplateSpec)
        .Message(3, "updateStrategy", DaemonSetUpdateStrategy)
        .Int32(4, "minReadySeconds")
        .Int32(6, "revisionHistoryLimit", keepZero: true);

    private static readonly MessageSchema DaemonSetCondition = new MessageSchema("apps/v1.DaemonSetCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(3, "lastTransitionTime")
        .String(4, "reason")
        .String(5, "message");

    private static readonly MessageSchema DaemonSetStatus = new MessageSchema("apps/v1.DaemonSetStatus")
        .Int32(1, "currentNumberScheduled", keepZero: true)
        .Int32(2, "numberMisscheduled", keepZero: true)
        .Int32(3, "desiredNumberScheduled", keepZero: true)
        .Int32(4, "numberReady", keepZero: true)
        .Int64(5, "observedGeneration")
        .Int32(6, "updatedNumberScheduled")
        .Int32(7, "numberAvailable")
        .Int32(8, "numberUnavailable")
        .Int32(9, "collisionCount", keepZero: true)
        .Messages(10, "conditions", DaemonSetCondition);

    internal static readonly MessageSchema DaemonSet = new MessageSchema("apps/v1.DaemonSet")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", DaemonSetSpec)
        .Message(3, "status", DaemonSetStatus);
}
