using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Nodes;

namespace KubeSharp.Kubelet.Tests.Nodes;

public sealed class NodeStatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Images_are_the_50_largest_with_at_most_5_names_each()
    {
        var images = Enumerable.Range(1, 60)
            .Select(i => new V1ContainerImage { Names = [.. Enumerable.Range(0, 7).Select(n => $"localhost/image{i}:{n}")], SizeBytes = i * 1000L })
            .ToList();

        var reported = NodeStatusBuilder.Images(images);

        Assert.Equal(NodeStatusBuilder.MaxImages, reported.Count);
        Assert.Equal(60_000L, reported[0].SizeBytes);
        Assert.Equal(11_000L, reported[^1].SizeBytes);
        Assert.All(reported, image => Assert.Equal(NodeStatusBuilder.MaxNamesPerImage, image.Names.Count));
    }

    [Fact]
    public void The_status_patch_posts_the_whole_status()
    {
        var resources = new NodeResources(new MachineCapacity(2, 4L * 1024 * 1024 * 1024, 10L * 1024 * 1024 * 1024), new Dictionary<string, decimal>(), new Dictionary<string, decimal>());
        var info = new V1NodeSystemInfo { KubeletVersion = NodeInfoReader.KubeletVersion, OperatingSystem = "linux", Architecture = "amd64" };
        var status = NodeStatusBuilder.Build(
            resources,
            NodeAddresses.For("n1", "192.0.2.5"),
            info,
            NodeConditions.Update(null, null, Now),
            [new V1ContainerImage { Names = ["localhost/pause:3.9"], SizeBytes = 700_000 }],
            10250);

        var json = JsonNode.Parse(NodeStatusBuilder.StatusPatch(status))!["status"]!;

        Assert.Equal("2", json["capacity"]!["cpu"]!.GetValue<string>());
        Assert.Equal("4Gi", json["capacity"]!["memory"]!.GetValue<string>());
        Assert.Equal("110", json["allocatable"]!["pods"]!.GetValue<string>());
        Assert.Equal(4, json["conditions"]!.AsArray().Count);
        Assert.Equal("Ready", json["conditions"]![3]!["type"]!.GetValue<string>());
        Assert.Equal("192.0.2.5", json["addresses"]![0]!["address"]!.GetValue<string>());
        Assert.Equal(10250, json["daemonEndpoints"]!["kubeletEndpoint"]!["Port"]!.GetValue<int>());
        Assert.Equal("v1.32.0", json["nodeInfo"]!["kubeletVersion"]!.GetValue<string>());
        Assert.Equal("localhost/pause:3.9", json["images"]![0]!["names"]![0]!.GetValue<string>());
    }
}
