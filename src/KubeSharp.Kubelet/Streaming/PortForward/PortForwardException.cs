namespace KubeSharp.Kubelet.Streaming.PortForward;

/// <summary>The pod's port could not be reached; the message is containerd's wording, which clients show.</summary>
internal sealed class PortForwardException(string message) : Exception(message);
