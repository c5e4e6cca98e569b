using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// A hash of a container's spec, kept on the runtime container so that a changed spec (say a new
/// image) restarts it while a restarted kubelet leaves an unchanged one alone.
/// </summary>
internal static class ContainerHash
{
    public static string Of(V1Container container)
    {
        // FNV-1a over the canonical JSON: stable across kubelet restarts and processes.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(KubernetesJson.Serialize(container)))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
