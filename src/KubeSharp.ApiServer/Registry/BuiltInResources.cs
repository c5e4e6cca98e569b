using k8s.Models;
using KubeSharp.ApiServer.Registry.Namespaces;
using static KubeSharp.ApiServer.Registry.ResourceRegistry;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// The resources this server serves, in discovery order (the first version of a group is its
/// preferred one). Adding a resource: a folder with its strategy, and one line here.
/// </summary>
internal static class BuiltInResources
{
    private static readonly string[] All = ["all"];
    private static readonly string[] Status = ["status"];
    private static readonly string[] StatusScale = ["scale", "status"];

    public static IEnumerable<RegisteredResource> Create()
    {

        // core/v1
        yield return new(Describe("", "v1", "Namespace", "namespaces", false, typeof(V1Namespace), ["ns"], subresources: ["finalize", "status"]), new NamespaceStrategy());
        yield return new(Describe("", "v1", "Pod", "pods", true, typeof(V1Pod), ["po"], All, ["attach", "binding", "eviction", "exec", "log", "portforward", "proxy", "status"]), new Pods.PodStrategy());
        yield return new(Describe("", "v1", "Service", "services", true, typeof(V1Service), ["svc"], All, ["proxy", "status"]), new Services.ServiceStrategy());
        yield return new(Describe("", "v1", "Endpoints", "endpoints", true, typeof(V1Endpoints), ["ep"]), new Endpoints.EndpointsStrategy());
        yield return new(Describe("", "v1", "Node", "nodes", false, typeof(V1Node), ["no"], subresources: ["proxy", "status"]), new Nodes.NodeStrategy());
        yield return new(Describe("", "v1", "ConfigMap", "configmaps", true, typeof(V1ConfigMap), ["cm"]), new ConfigMaps.ConfigMapStrategy());
        yield return new(Describe("", "v1", "Secret", "secrets", true, typeof(V1Secret)), new Secrets.SecretStrategy());
        yield return new(Describe("", "v1", "ServiceAccount", "serviceaccounts", true, typeof(V1ServiceAccount), ["sa"], subresources: ["token"]), new ServiceAccounts.ServiceAccountStrategy());
        yield return new(Describe("", "v1", "Event", "events", true, typeof(Corev1Event), ["ev"]), new Events.EventStrategy(eventsApi: false));
        yield return new(Describe("", "v1", "ResourceQuota", "resourcequotas", true, typeof(V1ResourceQuota), ["quota"], subresources: Status), new ResourceQuotas.ResourceQuotaStrategy());
        yield return new(Describe("", "v1", "LimitRange", "limitranges", true, typeof(V1LimitRange), ["limits"]), new LimitRanges.LimitRangeStrategy());
        yield return new(Describe("", "v1", "PersistentVolume", "persistentvolumes", false, typeof(V1PersistentVolume), ["pv"], subresources: Status), new PersistentVolumes.PersistentVolumeStrategy());
        yield return new(Describe("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, typeof(V1PersistentVolumeClaim), ["pvc"], subresources: Status), new PersistentVolumeClaims.PersistentVolumeClaimStrategy());

        // apps/v1
        yield return new(Describe("apps", "v1", "Deployment", "deployments", true, typeof(V1Deployment), ["deploy"], All, StatusScale), new Deployments.DeploymentStrategy());
        yield return new(Describe("apps", "v1", "ReplicaSet", "replicasets", true, typeof(V1ReplicaSet), ["rs"], All, StatusScale), new ReplicaSets.ReplicaSetStrategy());
        yield return new(Describe("apps", "v1", "StatefulSet", "statefulsets", true, typeof(V1StatefulSet), ["sts"], All, StatusScale), new StatefulSets.StatefulSetStrategy());
        yield return new(Describe("apps", "v1", "DaemonSet", "daemonsets", true, typeof(V1DaemonSet), ["ds"], All, Status), new DaemonSets.DaemonSetStrategy());
        yield return new(Describe("apps", "v1", "ControllerRevision", "controllerrevisions", true, typeof(V1ControllerRevision)), new ControllerRevisions.ControllerRevisionStrategy());

        // batch/v1
        yield return new(Describe("batch", "v1", "Job", "jobs", true, typeof(V1Job), categories: All, subresources: Status), new Jobs.JobStrategy());
        yield return new(Describe("batch", "v1", "CronJob", "cronjobs", true, typeof(V1CronJob), ["cj"], All, Status), new CronJobs.CronJobStrategy());

        // networking.k8s.io/v1
        yield return new(Describe("networking.k8s.io", "v1", "Ingress", "ingresses", true, typeof(V1Ingress), ["ing"], subresources: Status), new Ingresses.IngressStrategy());
        yield return new(Describe("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, typeof(V1IngressClass)), new IngressClasses.IngressClassStrategy());
        yield return new(Describe("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, typeof(V1NetworkPolicy), ["netpol"]), new NetworkPolicies.NetworkPolicyStrategy());

        // discovery.k8s.io/v1, coordination.k8s.io/v1, events.k8s.io/v1
        yield return new(Describe("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, typeof(V1EndpointSlice)), new EndpointSlices.EndpointSliceStrategy());
        yield return new(Describe("coordination.k8s.io", "v1", "Lease", "leases", true, typeof(V1Lease)), new Leases.LeaseStrategy());
        yield return new(Describe("events.k8s.io", "v1", "Event", "events", true, typeof(Eventsv1Event), ["ev"]), new Events.EventStrategy(eventsApi: true));

        // rbac.authorization.k8s.io/v1
        yield return new(Describe("rbac.authorization.k8s.io", "v1", "Role", "roles", true, typeof(V1Role)), new Roles.RoleStrategy());
        yield return new(Describe("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, typeof(V1RoleBinding)), new RoleBindings.RoleBindingStrategy());
        yield return new(Describe("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, typeof(V1ClusterRole)), new ClusterRoles.ClusterRoleStrategy());
        yield return new(Describe("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, typeof(V1ClusterRoleBinding)), new ClusterRoleBindings.ClusterRoleBindingStrategy());

        // scheduling.k8s.io/v1, policy/v1, autoscaling/v2
        yield return new(Describe("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, typeof(V1PriorityClass), ["pc"]), new PriorityClasses.PriorityClassStrategy());
        yield return new(Describe("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, typeof(V1PodDisruptionBudget), ["pdb"], subresources: Status), new PodDisruptionBudgets.PodDisruptionBudgetStrategy());
        yield return new(Describe("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, typeof(V2HorizontalPodAutoscaler), ["hpa"], All, Status), new HorizontalPodAutoscalers.HorizontalPodAutoscalerStrategy());
    }
}
