using k8s.Models;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>Pods, Services and nodes as the informers would hand them to the endpoint controllers.</summary>
internal static class EndpointTestObjects
{
    public const string TestNamespace = "shop";

    public static readonly DateTime CreatedAt = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A running pod labelled app=web with container port "http" 8080 on node-a.</summary>
    public static V1Pod NewPod(string name, string ip, bool ready = true, string node = "node-a", bool terminating = false, params V1ContainerPort[] ports) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = TestNamespace,
            Uid = "uid-" + name,
            ResourceVersion = "1",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            DeletionTimestamp = terminating ? CreatedAt.AddHours(1) : null,
        },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers =
            [
                new V1Container
                {
                    Name = "server",
                    Image = "localhost/echo:1",
                    Ports = ports.Length > 0 ? ports.ToList() : new List<V1ContainerPort> { NewContainerPort("http", 8080) },
                },
            ],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = CreatedAt.AddMinutes(1) }],
        },
    };

    public static V1ContainerPort NewContainerPort(string name, int port, string protocol = "TCP") => new() { Name = name, ContainerPort = port, Protocol = protocol };

    /// <summary>A ClusterIP Service "web" selecting app=web, its port 80 "http" sending to the pods' "http" port.</summary>
    public static V1Service NewService(bool publishNotReady = false, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = TestNamespace,
            Uid = "uid-service-web",
            Labels = new Dictionary<string, string> { ["tier"] = "frontend" },
            CreationTimestamp = CreatedAt,
        },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            ClusterIP = "10.43.0.20",
            IpFamilies = ["IPv4"],
            Ports = ports.Length > 0 ? ports.ToList() : new List<V1ServicePort> { NewServicePort("http", "http") },
            PublishNotReadyAddresses = publishNotReady,
        },
    };

    public static V1ServicePort NewServicePort(string name, IntOrString targetPort, int port = 80, string protocol = "TCP") =>
        new() { Name = name, Port = port, Protocol = protocol, TargetPort = targetPort };

    public static V1Node NewNode(string name, string zone) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = zone } },
    };
}
