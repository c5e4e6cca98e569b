using KubeSharp.Api;

namespace KubeSharp.Scheduler.Plugins.Helper;

/// <summary>How upstream's helpers classify resource names (v1helper, schedutil).</summary>
public static class ResourceKinds
{
    /// <summary>Unprefixed, or in the kubernetes.io domain.</summary>
    public static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>A vendor resource such as example.com/gpu.</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && ObjectNames.QualifiedNameError("requests." + name) is null;

    /// <summary>
    /// schedutil.IsScalarResourceName: extended, hugepages, kubernetes.io-prefixed and
    /// attachable-volumes resources, the ones kept by name rather than in a dedicated field.
    /// </summary>
    public static bool IsScalar(string name) =>
        name.Contains('/', StringComparison.Ordinal)
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal);
}
