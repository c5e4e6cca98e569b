namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/core/v1 generated.proto (v0.32): the shared references and the kinds without a pod spec
/// (Namespace, ConfigMap, Secret, Service, ServiceAccount, ResourceQuota). Pods and volumes have their own files.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class CoreV1Schema
{
    internal static readonly MessageSchema LocalObjectReference = new MessageSchema("v1.LocalObjectReference")
        .String(1, "name");

    internal static readonly MessageSchema ObjectReference = new MessageSchema("v1.ObjectReference")
        .String(1, "kind")
        .String(2, "namespace")
        .String(3, "name")
        .String(4, "uid")
        .String(5, "apiVersion")
        .String(6, "resourceVersion")
        .String(7, "fieldPath");

    internal static readonly MessageSchema TypedLocalObjectReference = new MessageSchema("v1.TypedLocalObjectReference")
        .String(1, "apiGroup", keepZero: true)
        .String(2, "kind", keepZero: true)
        .String(3, "name", keepZero: true);

    private static readonly MessageSchema NamespaceSpec = new MessageSchema("v1.NamespaceSpec")
        .Strings(1, "finalizers");

    private static readonly MessageSchema NamespaceCondition = new MessageSchema("v1.NamespaceCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Time(4, "lastTransitionTime")
        .String(5, "reason")
        .String(6, "message");

    private static readonly MessageSchema NamespaceStatus = new MessageSchema("v1.NamespaceStatus")
        .String(1, "phase")
        .Messages(2, "conditions", NamespaceCondition);

    internal static readonly MessageSchema Namespace = new MessageSchema("v1.Namespace")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", NamespaceSpec)
        .Message(3, "status", NamespaceStatus);

    internal static readonly MessageSchema ConfigMap = new MessageSchema("v1.ConfigMap")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Bool(4, "immutable", keepZero: true)
        .StringMap(2, "data")
        .Map(3, "binaryData", ProtoKind.Bytes);

    internal static readonly MessageSchema Secret = new MessageSchema("v1.Secret")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Bool(5, "immutable", keepZero: true)
        .Map(2, "data", ProtoKind.Bytes)
        .StringMap(4, "stringData")
        .String(3, "type");

    private static readonly MessageSchema ServicePort = new MessageSchema("v1.ServicePort")
        .String(1, "name")
        .String(2, "protocol")
        .String(6, "appProtocol", keepZero: true)
        .Int32(3, "port", keepZero: true)
        .IntOrString(4, "targetPort")
        .Int32(5, "nodePort");

    private static readonly MessageSchema ClientIPConfig = new MessageSchema("v1.ClientIPConfig")
        .Int32(1, "timeoutSeconds", keepZero: true);

    private static readonly MessageSchema SessionAffinityConfig = new MessageSchema("v1.SessionAffinityConfig")
        .Message(1, "clientIP", ClientIPConfig);

    private static readonly MessageSchema ServiceSpec = new MessageSchema("v1.ServiceSpec")
        .Messages(1, "ports", ServicePort)
        .StringMap(2, "selector")
        .String(3, "clusterIP")
        .Strings(18, "clusterIPs")
        .String(4, "type")
        .Strings(5, "externalIPs")
        .String(7, "sessionAffinity")
        .String(8, "loadBalancerIP")
        .Strings(9, "loadBalancerSourceRanges")
        .String(10, "externalName")
        .String(11, "externalTrafficPolicy")
        .Int32(12, "healthCheckNodePort")
        .Bool(13, "publishNotReadyAddresses")
        .Message(14, "sessionAffinityConfig", SessionAffinityConfig)
        .Strings(19, "ipFamilies")
        .String(17, "ipFamilyPolicy", keepZero: true)
        .Bool(20, "allocateLoadBalancerNodePorts", keepZero: true)
        .String(21, "loadBalancerClass", keepZero: true)
        .String(22, "internalTrafficPolicy", keepZero: true)
        .String(23, "trafficDistribution", keepZero: true);

    private static readonly MessageSchema PortStatus = new MessageSchema("v1.PortStatus")
        .Int32(1, "port", keepZero: true)
        .String(2, "protocol", keepZero: true)
        .String(3, "error", keepZero: true);

    private static readonly MessageSchema LoadBalancerIngress = new MessageSchema("v1.LoadBalancerIngress")
        .String(1, "ip")
        .String(2, "hostname")
        .String(3, "ipMode", keepZero: true)
        .Messages(4, "ports", PortStatus);

    private static readonly MessageSchema LoadBalancerStatus = new MessageSchema("v1.LoadBalancerStatus")
        .Messages(1, "ingress", LoadBalancerIngress);

    private static readonly MessageSchema ServiceStatus = new MessageSchema("v1.ServiceStatus")
        .Message(1, "loadBalancer", LoadBalancerStatus)
        .Messages(2, "conditions", MetaV1Schema.Condition);

    internal static readonly MessageSchema Service = new MessageSchema("v1.Service")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", ServiceSpec)
        .Message(3, "status", ServiceStatus);

    internal static readonly MessageSchema ServiceAccount = new MessageSchema("v1.ServiceAccount")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Messages(2, "secrets", ObjectReference)
        .Messages(3, "imagePullSecrets", LocalObjectReference)
        .Bool(4, "automountServiceAccountToken", keepZero: true);

    private static readonly MessageSchema ScopedResourceSelectorRequirement = new MessageSchema("v1.ScopedResourceSelectorRequirement")
        .String(1, "scopeName", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Strings(3, "values");

    private static readonly MessageSchema ScopeSelector = new MessageSchema("v1.ScopeSelector")
        .Messages(1, "matchExpressions", ScopedResourceSelectorRequirement);

    private static readonly MessageSchema ResourceQuotaSpec = new MessageSchema("v1.ResourceQuotaSpec")
        .QuantityMap(1, "hard")
        .Strings(2, "scopes")
        .Message(3, "scopeSelector", ScopeSelector);

    private static readonly MessageSchema ResourceQuotaStatus = new MessageSchema("v1.ResourceQuotaStatus")
        .QuantityMap(1, "hard")
        .QuantityMap(2, "used");

    internal static readonly MessageSchema ResourceQuota = new MessageSchema("v1.ResourceQuota")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", ResourceQuotaSpec)
        .Message(3, "status", ResourceQuotaStatus);
}
