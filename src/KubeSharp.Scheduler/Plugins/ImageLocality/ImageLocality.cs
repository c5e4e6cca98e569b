using System.Text.Json;
using KubeSharp.Scheduler.Framework;

namespace KubeSharp.Scheduler.Plugins.ImageLocality;

/// <summary>
/// Favors nodes that already have the pod's container images, weighing each image by its size and
/// by how few nodes have it (to avoid piling pods onto the nodes that pulled first), as upstream's
/// ImageLocality.
/// </summary>
public sealed class ImageLocality(IFrameworkHandle handle) : IScorePlugin
{
    public const string PluginName = "ImageLocality";

    private const long Mb = 1024 * 1024;

    // Bounds of a typical image size (90% of Docker Hub images), per container for the upper one.
    private const long MinThreshold = 23 * Mb;
    private const long MaxContainerThreshold = 1000 * Mb;

    public string Name => PluginName;

    public static IPlugin New(JsonElement? args, IFrameworkHandle handle) => new ImageLocality(handle);

    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo nodeInfo)
    {
        var totalNodes = handle.Snapshot.NodeInfos.Count;
        var spec = pod.Pod.Spec;
        var containers = (spec?.InitContainers ?? []).Concat(spec?.Containers ?? []).ToList();
        long sum = 0;
        if (totalNodes > 0)
        {
            foreach (var container in containers)
            {
                if (container.Image is { Length: > 0 } image && nodeInfo.ImageStates.TryGetValue(NormalizedImageName(image), out var imageState))
                {
                    sum += ScaledImageScore(imageState, totalNodes);
                }
            }
        }

        return (CalculatePriority(sum, containers.Count), Status.Success);
    }

    /// <summary>
    /// Adds the default tag when the name has neither tag nor digest, as node status lists
    /// "image:latest"; registry prefixes (docker.io/library/) are left as they are.
    /// </summary>
    internal static string NormalizedImageName(string name) =>
        name.LastIndexOf(':') <= name.LastIndexOf('/') ? name + ":latest" : name;

    /// <summary>The image's size, scaled by the share of nodes that have it.</summary>
    private static long ScaledImageScore(ImageStateSummary imageState, int totalNodes) =>
        (long)(imageState.Size * ((double)imageState.NumNodes / totalNodes));

    /// <summary>The sum clamped to [23 MiB, 1000 MiB per container], mapped linearly onto 0-100.</summary>
    private static long CalculatePriority(long sum, int containers)
    {
        var maxThreshold = MaxContainerThreshold * containers;
        if (sum < MinThreshold)
        {
            sum = MinThreshold;
        }
        else if (sum > maxThreshold)
        {
            sum = maxThreshold;
        }

        return Scores.MaxNodeScore * (sum - MinThreshold) / (maxThreshold - MinThreshold);
    }
}
