namespace KubeSharp.Kubelet.Pods;

/// <summary>The two event types the kubelet records.</summary>
internal static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
