using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeManifestTests
{
    private static readonly NodeStatusOptions Options = new()
    {
        NodeName = "n1",
        RootDir = "/var/lib/kubesharp/agent",
        Labels = new Dictionary<string, string> { ["team"] = "a", ["kubernetes.io/hostname"] = "custom" },
        Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }],
    };

    [Fact]
    public void The_node_has_the_default_labels_the_extra_ones_and_the_taints()
    {
        var node = NodeManifest.Node(Options);

        Assert.Equal("n1", node.Metadata.Name);
        Assert.Equal("custom", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("linux", node.Metadata.Labels["beta.kubernetes.io/os"]);
        Assert.Equal(NodeInfoReader.Architecture, node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal(NodeInfoReader.Architecture, node.Metadata.Labels["beta.kubernetes.io/arch"]);
        Assert.Equal("a", node.Metadata.Labels["team"]);
        var taint = Assert.Single(node.Spec.Taints);
        Assert.Equal(("dedicated", "gpu", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));
    }

    [Fact]
    public void Without_taints_the_spec_has_none()
    {
        var node = NodeManifest.Node(new NodeStatusOptions { NodeName = "n2", RootDir = "/tmp" });

        Assert.Null(node.Spec.Taints);
        Assert.Equal("n2", node.Metadata.Labels["kubernetes.io/hostname"]);
    }

    [Fact]
    public void Only_missing_or_different_labels_are_put_back()
    {
        var desired = NodeManifest.Labels(Options);
        var existing = new Dictionary<string, string>(desired) { ["team"] = "b", ["someone-else"] = "x" };
        existing.Remove("kubernetes.io/os");

        var changed = NodeManifest.ChangedLabels(existing, desired);

        Assert.Equal(["kubernetes.io/os", "team"], changed!.Keys.Order(StringComparer.Ordinal));
        Assert.Null(NodeManifest.ChangedLabels(desired, desired));
        Assert.Equal(desired.Count, NodeManifest.ChangedLabels(null, desired)!.Count);
    }

    [Fact]
    public void The_label_patch_sets_only_those_labels()
    {
        var patch = JsonNode.Parse(NodeManifest.LabelPatch(new Dictionary<string, string> { ["team"] = "a" }))!;

        Assert.Equal("{\"metadata\":{\"labels\":{\"team\":\"a\"}}}", patch.ToJsonString());
    }
}
