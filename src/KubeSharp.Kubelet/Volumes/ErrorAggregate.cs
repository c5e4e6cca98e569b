namespace KubeSharp.Kubelet.Volumes;

/// <summary>Several failures in one message, as upstream's utilerrors.NewAggregate prints them.</summary>
internal static class ErrorAggregate
{
    /// <returns>The one message alone, or <c>[first, second]</c>.</returns>
    public static string Message(IReadOnlyList<string> messages) =>
        messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
}
