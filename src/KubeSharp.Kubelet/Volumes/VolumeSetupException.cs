namespace KubeSharp.Kubelet.Volumes;

/// <summary>
/// A pod volume could not be prepared; the message is upstream's FailedMount event text, e.g.
/// <c>MountVolume.SetUp failed for volume "cfg" : configmap "x" not found</c>.
/// </summary>
internal sealed class VolumeSetupException(string volumeName, string reason, Exception? innerException = null)
    : Exception($"MountVolume.SetUp failed for volume \"{volumeName}\" : {reason}", innerException)
{
    public string VolumeName { get; } = volumeName;

    /// <summary>Why, without the volume prefix.</summary>
    public string Reason { get; } = reason;
}
