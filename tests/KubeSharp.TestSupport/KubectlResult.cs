namespace KubeSharp.TestSupport;

public sealed record KubectlResult(int ExitCode, string Output, string Error, string Arguments)
{
    public override string ToString() => $"kubectl {Arguments} → {ExitCode}\n{Output}\n{Error}";
}
