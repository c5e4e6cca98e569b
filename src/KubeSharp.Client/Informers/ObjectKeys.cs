using k8s;
using k8s.Models;

namespace KubeSharp.Client.Informers;

/// <summary>client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" for cluster-scoped objects.</summary>
public static class ObjectKeys
{
    public static string Of(IKubernetesObject<V1ObjectMeta> item) =>
        string.IsNullOrEmpty(item.Metadata?.NamespaceProperty) ? item.Metadata?.Name ?? string.Empty : $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";
}
