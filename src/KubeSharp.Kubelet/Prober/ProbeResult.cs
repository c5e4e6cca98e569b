namespace KubeSharp.Kubelet.Prober;

/// <summary>The outcome of one probe attempt and its output: the body, the command's output or why it failed.</summary>
internal readonly record struct ProbeResult(ProbeOutcome Outcome, string Message)
{
    public static ProbeResult Success(string message) => new(ProbeOutcome.Success, message);

    public static ProbeResult Warning(string message) => new(ProbeOutcome.Warning, message);

    public static ProbeResult Failure(string message) => new(ProbeOutcome.Failure, message);

    public static ProbeResult Unknown(string message) => new(ProbeOutcome.Unknown, message);
}
