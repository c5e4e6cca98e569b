namespace KubeSharp.Kubelet.Volumes;

/// <summary>One line of /proc/self/mountinfo: where something is mounted and its file system type.</summary>
internal sealed record MountPoint(string Path, string FileSystemType);
