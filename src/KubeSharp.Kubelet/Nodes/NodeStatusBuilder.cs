using System.Text.Json.Nodes;
using k8s.Models;

namespace KubeSharp.Kubelet.Nodes;

/// <summary>
/// The whole status kubelet posts, and the patch that posts it. It is a JSON merge patch of
/// <c>status</c>: this kubelet owns the node's status, maps (capacity, nodeInfo) merge key by key,
/// and lists (conditions, addresses, images) are replaced whole, so they must be complete (see
/// <see cref="NodeConditions.Update"/>).
/// </summary>
internal static class NodeStatusBuilder
{
    /// <summary>Upstream's nodeStatusMaxImages default.</summary>
    public const int MaxImages = 50;

    /// <summary>Upstream's MaxNamesPerImageInNodeStatus.</summary>
    public const int MaxNamesPerImage = 5;

    public static V1NodeStatus Build(
        NodeResources resources,
        List<V1NodeAddress> addresses,
        V1NodeSystemInfo nodeInfo,
        List<V1NodeCondition> conditions,
        IReadOnlyList<V1ContainerImage> images,
        int kubeletPort) => new()
    {
        Capacity = resources.Capacity(),
        Allocatable = resources.Allocatable(),
        Conditions = conditions,
        Addresses = addresses,
        DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = kubeletPort } },
        NodeInfo = nodeInfo,
        Images = Images(images),
    };

    /// <summary>The largest images first, at most <see cref="MaxImages"/>, each with at most <see cref="MaxNamesPerImage"/> names.</summary>
    public static List<V1ContainerImage> Images(IReadOnlyList<V1ContainerImage> images) =>
    [
        .. images
            .OrderByDescending(image => image.SizeBytes ?? 0)
            .Take(MaxImages)
            .Select(image => new V1ContainerImage { Names = image.Names?.Take(MaxNamesPerImage).ToList(), SizeBytes = image.SizeBytes }),
    ];

    public static string StatusPatch(V1NodeStatus status) => new JsonObject { ["status"] = ModelJson.From(status) }.ToJsonString();
}
