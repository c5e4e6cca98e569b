namespace KubeSharp.Kubelet.Prober;

/// <summary>
/// A container failed its liveness (or startup) probe as many times in a row as its failure threshold
/// allows and must be killed. <see cref="Message"/> is upstream's wording without the container name,
/// "failed liveness probe" or "failed startup probe"; the kubelet writes
/// "Container NAME failed liveness probe, will be restarted".
/// </summary>
internal sealed record LivenessFailure(string PodUid, string ContainerName, string ContainerId, ProbeKind Kind, string Message);
