using k8s.Models;
using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>Deployments and ReplicaSets for the helpers' tables, made as upstream's test helpers make them.</summary>
internal static class Builders
{
    public static readonly DateTime Older = new(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Old = Older.AddMinutes(1);
    public static readonly DateTime New = Old.AddMinutes(1);

    /// <summary>newDeployment: rolling with maxSurge and maxUnavailable 0 unless given.</summary>
    public static V1Deployment Deployment(int replicas, IntOrString? maxSurge = null, IntOrString? maxUnavailable = null, string strategy = "RollingUpdate", string image = "nginx:1.25") => new()
    {
        Metadata = new V1ObjectMeta { Name = "foo", NamespaceProperty = "default", Uid = "foo-uid", Generation = 1 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "foo" } },
            Strategy = strategy == "Recreate"
                ? new V1DeploymentStrategy { Type = strategy }
                : new V1DeploymentStrategy { Type = strategy, RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge ?? Count(0), MaxUnavailable = maxUnavailable ?? Count(0) } },
            Template = Template(image),
        },
        Status = new V1DeploymentStatus(),
    };

    /// <summary>rs: a ReplicaSet whose pods are all there and available.</summary>
    public static V1ReplicaSet ReplicaSet(string name, int replicas, DateTime created, string image = "nginx:1.25") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = name + "-uid",
            CreationTimestamp = created,
            Labels = new Dictionary<string, string> { ["app"] = "foo" },
        },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "foo" } },
            Template = Template(image),
        },
        Status = new V1ReplicaSetStatus { Replicas = replicas, AvailableReplicas = replicas, ReadyReplicas = replicas },
    };

    public static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "foo" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
    };

    /// <summary>The replica annotations the ReplicaSet got when the Deployment last had <paramref name="desired"/> replicas.</summary>
    public static V1ReplicaSet SizedFor(this V1ReplicaSet rs, int desired, int max)
    {
        ReplicaSetAnnotations.SetReplicasAnnotations(rs, desired, max);
        return rs;
    }

    public static V1ReplicaSet WithRevision(this V1ReplicaSet rs, long revision)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        rs.Metadata.Annotations[ReplicaSetAnnotations.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return rs;
    }

    public static IntOrString Count(int value) => value;

    public static IntOrString? Value(string? text) => text is null ? null : (IntOrString)text;
}
