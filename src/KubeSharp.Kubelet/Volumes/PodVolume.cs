namespace KubeSharp.Kubelet.Volumes;

/// <summary>A prepared volume: the host path containers bind-mount, and whether the plugin forces it read-only.</summary>
internal sealed record PodVolume(string Name, string HostPath, bool ReadOnly);
