namespace KubeSharp.CommandLine;

/// <summary>Where a component finds its kubeconfig: the flag, then $KUBECONFIG, then ~/.kube/config (as kubectl).</summary>
internal static class Kubeconfigs
{
    public static string Resolve(string? flag)
    {
        var path = flag
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(path) ? path : throw new UsageException($"kubeconfig \"{path}\" does not exist (use --kubeconfig)");
    }
}
