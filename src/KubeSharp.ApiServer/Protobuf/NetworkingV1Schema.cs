namespace KubeSharp.ApiServer.Protobuf;

/// <summary>
/// k8s.io/api/networking/v1 generated.proto (v0.32): Ingress and IngressClass.
/// Static fields initialize in text order, so each message follows the ones it uses.
/// </summary>
internal static class NetworkingV1Schema
{
    private static readonly MessageSchema ServiceBackendPort = new MessageSchema("networking/v1.ServiceBackendPort")
        .String(1, "name")
        .Int32(2, "number");

    private static readonly MessageSchema IngressServiceBackend = new MessageSchema("networking/v1.IngressServiceBackend")
        .String(1, "name", keepZero: true)
        .Message(2, "port", ServiceBackendPort);

    private static readonly MessageSchema IngressBackend = new MessageSchema("networking/v1.IngressBackend")
        .Message(4, "service", IngressServiceBackend)
        .Message(3, "resource", CoreV1Schema.TypedLocalObjectReference);

    private static readonly MessageSchema IngressTls = new MessageSchema("networking/v1.IngressTLS")
        .Strings(1, "hosts")
        .String(2, "secretName");

    private static readonly MessageSchema HttpIngressPath = new MessageSchema("networking/v1.HTTPIngressPath")
        .String(1, "path")
        .String(3, "pathType", keepZero: true)
        .Message(2, "backend", IngressBackend);

    private static readonly MessageSchema HttpIngressRuleValue = new MessageSchema("networking/v1.HTTPIngressRuleValue")
        .Messages(1, "paths", HttpIngressPath);

    private static readonly MessageSchema IngressRuleValue = new MessageSchema("networking/v1.IngressRuleValue")
        .Message(1, "http", HttpIngressRuleValue);

    private static readonly MessageSchema IngressRule = new MessageSchema("networking/v1.IngressRule")
        .String(1, "host")
        .Inline(2, IngressRuleValue);

    private static readonly MessageSchema IngressSpec = new MessageSchema("networking/v1.IngressSpec")
        .String(4, "ingressClassName", keepZero: true)
        .Message(1, "defaultBackend", IngressBackend)
        .Messages(2, "tls", IngressTls)
        .Messages(3, "rules", IngressRule);

    private static readonly MessageSchema IngressPortStatus = new MessageSchema("networking/v1.IngressPortStatus")
        .Int32(1, "port", keepZero: true)
        .String(2, "protocol", keepZero: true)
        .String(3, "error", keepZero: true);

    private static readonly MessageSchema IngressLoadBalancerIngress = new MessageSchema("networking/v1.IngressLoadBalancerIngress")
        .String(1, "ip")
        .String(2, "hostname")
        .Messages(4, "ports", IngressPortStatus);

    private static readonly MessageSchema IngressLoadBalancerStatus = new MessageSchema("networking/v1.IngressLoadBalancerStatus")
        .Messages(1, "ingress", IngressLoadBalancerIngress);

    private static readonly MessageSchema IngressStatus = new MessageSchema("networking/v1.IngressStatus")
        .Message(1, "loadBalancer", IngressLoadBalancerStatus);

    internal static readonly MessageSchema Ingress = new MessageSchema("networking/v1.Ingress")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", IngressSpec)
        .Message(3, "status", IngressStatus);

    private static readonly MessageSchema IngressClassParametersReference = new MessageSchema("networking/v1.IngressClassParametersReference")
        .String(1, "apiGroup", keepZero: true)
        .String(2, "kind", keepZero: true)
        .String(3, "name", keepZero: true)
        .String(4, "scope", keepZero: true)
        .String(5, "namespace", keepZero: true);

    private static readonly MessageSchema IngressClassSpec = new MessageSchema("networking/v1.IngressClassSpec")
        .String(1, "controller")
        .Message(2, "parameters", IngressClassParametersReference);

    internal static readonly MessageSchema IngressClass = new MessageSchema("networking/v1.IngressClass")
        .Message(1, "metadata", MetaV1Schema.ObjectMeta)
        .Message(2, "spec", IngressClassSpec);
}
