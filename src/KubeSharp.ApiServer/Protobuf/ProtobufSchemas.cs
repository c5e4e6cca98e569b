namespace KubeSharp.ApiServer.Protobuf;

/// <summary>The kinds a protobuf body may carry, by the apiVersion and kind of its runtime.Unknown typeMeta.</summary>
internal static class ProtobufSchemas
{
    private static readonly Dictionary<string, MessageSchema> Kinds = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = CoreV1Schema.Namespace,
        ["v1/ConfigMap"] = CoreV1Schema.ConfigMap,
        ["v1/Secret"] = CoreV1Schema.Secret,
        ["v1/Service"] = CoreV1Schema.Service,
        ["v1/ServiceAccount"] = CoreV1Schema.ServiceAccount,
        ["v1/ResourceQuota"] = CoreV1Schema.ResourceQuota,
        ["v1/Pod"] = CoreV1PodSchema.Pod,
        ["apps/v1/Deployment"] = AppsV1Schema.Deployment,
        ["apps/v1/ReplicaSet"] = AppsV1Schema.ReplicaSet,
        ["apps/v1/StatefulSet"] = AppsV1Schema.StatefulSet,
        ["apps/v1/DaemonSet"] = AppsV1Schema.DaemonSet,
        ["batch/v1/Job"] = BatchV1Schema.Job,
        ["batch/v1/CronJob"] = BatchV1Schema.CronJob,
        ["autoscaling/v1/HorizontalPodAutoscaler"] = AutoscalingV1Schema.HorizontalPodAutoscaler,
        ["autoscaling/v2/HorizontalPodAutoscaler"] = AutoscalingV2Schema.HorizontalPodAutoscaler,
        ["policy/v1/PodDisruptionBudget"] = PolicyV1Schema.PodDisruptionBudget,
        ["policy/v1/Eviction"] = PolicyV1Schema.Eviction,
        ["rbac.authorization.k8s.io/v1/Role"] = RbacV1Schema.Role,
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = RbacV1Schema.RoleBinding,
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = RbacV1Schema.ClusterRole,
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = RbacV1Schema.ClusterRoleBinding,
        ["networking.k8s.io/v1/Ingress"] = NetworkingV1Schema.Ingress,
        ["networking.k8s.io/v1/IngressClass"] = NetworkingV1Schema.IngressClass,
        ["scheduling.k8s.io/v1/PriorityClass"] = SchedulingV1Schema.PriorityClass,
        ["authentication.k8s.io/v1/TokenRequest"] = AuthenticationV1Schema.TokenRequest,
        ["authorization.k8s.io/v1/SelfSubjectAccessReview"] = AuthorizationV1Schema.SelfSubjectAccessReview,
    };

    /// <summary>The schema of <paramref name="kind"/> in <paramref name="apiVersion"/> ("v1", "apps/v1"), or null.</summary>
    public static MessageSchema? Find(string apiVersion, string kind) => Kinds.GetValueOrDefault($"{apiVersion}/{kind}");
}
