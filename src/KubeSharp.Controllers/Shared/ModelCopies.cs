using k8s;

namespace KubeSharp.Controllers.Shared;

/// <summary>Deep copies of API objects: cached objects are shared and read-only, so changes go to a copy.</summary>
internal static class ModelCopies
{
    public static T Of<T>(T item) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item));
}
