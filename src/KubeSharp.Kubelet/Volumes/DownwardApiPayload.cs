using System.Text;
using k8s.Models;
using KubeSharp.Kubelet.Pods.Environment;

namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// The files of a downwardAPI volume or projection (upstream's downwardapi.CollectData): each item
/// a pod metadata field or a container resource, labels and annotations as sorted
/// <c>key="value"</c> lines.
/// </summary>
internal static class DownwardApiPayload
{
    /// <exception cref="InvalidOperationException">Some items cannot be read; all their errors are in the message.</exception>
    public static Dictionary<string, FileProjection> Collect(IList<V1DownwardAPIVolumeFile>? items, V1Pod pod, NodeAllocatable allocatable, int defaultMode)
    {
        var payload = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var item in items ?? [])
        {
            var content = string.Empty;
            try
            {
                if (item.FieldRef is { } fieldRef)
                {
                    content = SortLines(PodFields.Metadata(pod, fieldRef.FieldPath ?? string.Empty));
                }
                else if (item.ResourceFieldRef is { } resourceRef)
                {
                    content = ResourceFields.Value(resourceRef, FindContainer(pod, resourceRef.ContainerName ?? string.Empty), allocatable);
                }
            }
            catch (InvalidOperationException error)
            {
                errors.Add(error.Message);
                continue;
            }

            payload[item.Path] = new FileProjection(Encoding.UTF8.GetBytes(content), item.Mode ?? defaultMode);
        }

        return errors.Count > 0 ? throw new InvalidOperationException(ErrorAggregate.Message(errors)) : payload;
    }

    /// <summary>Sorts the lines of a formatted map (upstream's sortLines).</summary>
    private static string SortLines(string value) => string.Join('\n', value.Split('\n').Order(StringComparer.Ordinal));

    private static V1Container FindContainer(V1Pod pod, string name) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(container => container.Name == name)
        ?? throw new InvalidOperationException($"container {name} not found");
}
