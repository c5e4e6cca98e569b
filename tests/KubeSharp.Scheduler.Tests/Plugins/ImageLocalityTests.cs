using k8s.Models;
using KubeSharp.Scheduler.Framework;
using KubeSharp.Scheduler.Plugins.ImageLocality;
using static KubeSharp.Scheduler.Tests.Plugins.PluginTestHelpers;

namespace KubeSharp.Scheduler.Tests.Plugins;

/// <summary>Upstream's image_locality_test.go table (sizes in MiB).</summary>
public sealed class ImageLocalityTests
{
    private static readonly Dictionary<string, ScoreCase> Cases = new()
    {
        // node1 has gcr.io/40 (40 MiB / 2 nodes, under the 23 MiB minimum); node2 gcr.io/250:
        // 100 * (250/2 - 23) / (1000 * 2 - 23) = 5.
        ["two images spread on two nodes, prefer the larger image one"] = new(
            Pod("gcr.io/40", "gcr.io/250"), [Node403002000, Node25010], [0, 5]),

        // 100 * ((40 + 300) / 2 - 23) / (1000 * 2 - 23) = 7.
        ["two images on one node, prefer this node"] = new(
            Pod("gcr.io/40", "gcr.io/300"), [Node403002000, Node25010], [7, 0]),

        // 4000 / 2 reaches the 2000 MiB maximum of two containers.
        ["if exceed limit, use limit"] = new(
            Pod("gcr.io/10", "gcr.io/4000"), [Node400030, Node25010], [100, 0]),

        // 100 * (4000/3 - 23) / (1000 * 2 - 23) = 66.
        ["if exceed limit, use limit (with node which has no images present)"] = new(
            Pod("gcr.io/10", "gcr.io/4000"), [Node400030, Node25010, NodeWithNoImages], [66, 0, 0]),

        // node1: 100 * (600 * 2/3 + 900 * 2/3 - 23) / (1000 * 3 - 23) = 32;
        // node2: 100 * (300 * 1/3 + 600 * 2/3 + 900 * 2/3 - 23) / (1000 * 3 - 23) = 36.
        ["pod with multiple large images, node2 is preferred"] = new(
            Pod("gcr.io/300", "gcr.io/600", "gcr.io/900"), [Node60040900, Node300600900, NodeWithNoImages], [32, 36, 0]),

        // node1: 100 * (30 + 40/2 - 23) / (1000 * 2 - 23) = 1.
        ["pod with multiple small images"] = new(
            Pod("gcr.io/30", "gcr.io/40"), [Node203040, Node400030], [1, 0]),

        // The init container's image counts, and so does the init container: 100 * (300/2 - 23) / (1000 * 2 - 23) = 6.
        ["init containers count"] = new(
            Pod("gcr.io/30").WithInitImage("gcr.io/300"), [Node403002000, Node203040], [6, 0]),

        // An image named with a tag is looked up as it is: 100 * (300/2 - 23) / (1000 - 23) = 12.
        ["a tagged image"] = new(Pod("gcr.io/300:v1"), [Node403002000, Node25010], [12, 0]),
    };

    public static TheoryData<string> CaseNames() => Names(Cases);

    private static Func<string, V1Node> Node403002000 => name => Builders.Node(name)
        .WithImage(40, "gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1")
        .WithImage(300, "gcr.io/300:latest", "gcr.io/300:v1")
        .WithImage(2000, "gcr.io/2000:latest");

    private static Func<string, V1Node> Node25010 => name => Builders.Node(name)
        .WithImage(250, "gcr.io/250:latest")
        .WithImage(10, "gcr.io/10:latest", "gcr.io/10:v1");

    private static Func<string, V1Node> Node60040900 => name => Builders.Node(name)
        .WithImage(600, "gcr.io/600:latest")
        .WithImage(40, "gcr.io/40:latest")
        .WithImage(900, "gcr.io/900:latest");

    private static Func<string, V1Node> Node300600900 => name => Builders.Node(name)
        .WithImage(300, "gcr.io/300:latest")
        .WithImage(600, "gcr.io/600:latest")
        .WithImage(900, "gcr.io/900:latest");

    private static Func<string, V1Node> Node400030 => name => Builders.Node(name)
        .WithImage(4000, "gcr.io/4000:latest")
        .WithImage(30, "gcr.io/30:latest");

    private static Func<string, V1Node> Node203040 => name => Builders.Node(name)
        .WithImage(20, "gcr.io/20:latest")
        .WithImage(30, "gcr.io/30:latest")
        .WithImage(40, "gcr.io/40:latest");

    private static Func<string, V1Node> NodeWithNoImages => name => Builders.Node(name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Score(string name)
    {
        var test = Cases[name];
        var snapshot = SnapshotOf(test.Nodes.Select((node, i) => node("node" + (i + 1))));
        var plugin = (IScorePlugin)ImageLocality.New(null, new FakeFrameworkHandle(snapshot));

        var scores = ScoreAll(plugin, new CycleState(), new PodInfo(test.Pod), snapshot);

        Assert.Equal(test.Expected, scores.Select(score => score.Score).ToArray());
    }

    [Theory]
    [InlineData("root", "root:latest")]
    [InlineData("gcr.io:5000/root", "gcr.io:5000/root:latest")]
    [InlineData("root:tag", "root:tag")]
    [InlineData("root@sha256:4355a46b19d348dc2f57c046f8ef63d4538ebb936000f3c9ee954a27460dd865", "root@sha256:4355a46b19d348dc2f57c046f8ef63d4538ebb936000f3c9ee954a27460dd865")]
    [InlineData("docker.io/library/nginx", "docker.io/library/nginx:latest")]
    public void NormalizedImageName_Adds_The_Default_Tag(string image, string expected)
    {
        Assert.Equal(expected, ImageLocality.NormalizedImageName(image));
    }

    private static V1Pod Pod(params string[] images) => Builders.Pod("pod").WithImages(images);

    private sealed record ScoreCase(V1Pod Pod, Func<string, V1Node>[] Nodes, long[] Expected);
}

