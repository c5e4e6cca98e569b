using k8s;

namespace KubeSharp.Controllers.Deployment;

/// <summary>Deep copies through JSON: informer caches share their objects, so they are copied before any change.</summary>
internal static class ModelCopy
{
    public static T Of<T>(T item)
        where T : class => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item));
}
