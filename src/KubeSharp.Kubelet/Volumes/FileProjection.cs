namespace KubeSharp.Kubelet.Volumes;

/// <summary>One file of a volume payload: its content and Unix mode (e.g. 0644 as 420).</summary>
internal readonly record struct FileProjection(ReadOnlyMemory<byte> Data, int Mode);
