namespace KubeSharp.Kubelet.Prober;

/// <summary>A running container as the prober needs it: which one (a new id means a restart), since when, and where to reach it.</summary>
internal readonly record struct ProbeTarget(string ContainerId, DateTimeOffset StartedAt, string? PodIp, int RestartCount);
