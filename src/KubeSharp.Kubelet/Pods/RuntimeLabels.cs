namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// The labels and annotations the kubelet puts on CRI sandboxes and containers, with upstream's
/// names, so that a restarted kubelet can find which pod and container each one belongs to.
/// </summary>
internal static class RuntimeLabels
{
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string ContainerName = "io.kubernetes.container.name";
    public const string ContainerHash = "io.kubernetes.container.hash";
    public const string RestartCount = "io.kubernetes.container.restartCount";
    public const string TerminationMessagePath = "io.kubernetes.container.terminationMessagePath";
    public const string TerminationLogHostPath = "kubesharp.io/termination-log";
    public const string InitContainer = "kubesharp.io/init-container";

    /// <summary>Marks every sandbox this kubelet made, so it never touches anything else in a shared containerd.</summary>
    public const string ManagedBy = "kubesharp.io/node";
}
