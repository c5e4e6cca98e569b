namespace KubeSharp.Kubelet.Logs;

/// <summary>The output stream a CRI log entry came from.</summary>
internal enum CriLogStream
{
    Stdout,
    Stderr,
}
