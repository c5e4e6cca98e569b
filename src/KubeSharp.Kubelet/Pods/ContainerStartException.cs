namespace KubeSharp.Kubelet.Pods;

/// <summary>
/// A container could not be started; <see cref="Reason"/> is the waiting reason the status shows
/// (ErrImagePull, CreateContainerConfigError, RunContainerError...), and <see cref="RetryAfter"/>
/// when the worker should try again.
/// </summary>
internal sealed class ContainerStartException(string reason, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public string Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
