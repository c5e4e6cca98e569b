using k8s.Models;

namespace KubeSharp.Controllers.Shared;

/// <summary>Target references compared without their resourceVersion, so a pod's unrelated updates cause no endpoint writes.</summary>
internal static class ObjectReferences
{
    public static V1ObjectReference ToPod(V1Pod pod) => new()
    {
        Kind = "Pod",
        NamespaceProperty = pod.Metadata.NamespaceProperty,
        Name = pod.Metadata.Name,
        Uid = pod.Metadata.Uid,
    };

    public static bool EqualIgnoringResourceVersion(V1ObjectReference? a, V1ObjectReference? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return Same(a.Kind, b.Kind)
            && Same(a.NamespaceProperty, b.NamespaceProperty)
            && Same(a.Name, b.Name)
            && Same(a.Uid, b.Uid)
            && Same(a.ApiVersion, b.ApiVersion)
            && Same(a.FieldPath, b.FieldPath);
    }

    /// <summary>Go strings have no null: a missing field equals an empty one.</summary>
    public static bool Same(string? a, string? b) => string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.Ordinal);
}
