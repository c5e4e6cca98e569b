using k8s.Models;

namespace KubeSharp.Kubelet.Tests.Volumes;

/// <summary>Pods for volume and environment tests.</summary>
internal static class TestPods
{
    public const string Namespace = "team";
    public const string Uid = "0b5a1c7e-1111-4a4a-9c9c-000000000001";

    public static V1Pod With(params V1Volume[] volumes) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = Namespace,
            Uid = Uid,
            Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "web" },
            Annotations = new Dictionary<string, string> { ["note"] = "say \"hi\"\nbye" },
        },
        Spec = new V1PodSpec
        {
            NodeName = "node-1",
            ServiceAccountName = "builder",
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "busybox",
                    Resources = new V1ResourceRequirements
                    {
                        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi"), ["cpu"] = new("250m") },
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") },
                    },
                },
                new V1Container { Name = "sidecar", Image = "busybox" },
            ],
            Volumes = [.. volumes],
        },
    };

    /// <summary>The octal digits of a Unix mode, e.g. "644".</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8);
}
