using KubeSharp.Api.Host;

namespace KubeSharp.Kubelet.Network;

/// <summary>Runs iproute2's <c>ip</c> (it talks netlink in the caller's network namespace, unlike /sys/class/net under <c>nsenter --net</c>).</summary>
internal static class IpCommand
{
    private static readonly string[] Candidates = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

    /// <summary>Runs <c>ip ARGS</c>; returns its exit code and standard error (standard output is discarded).</summary>
    /// <exception cref="FileNotFoundException">iproute2 is not installed.</exception>
    public static async Task<(int ExitCode, string Error)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Candidates.FirstOrDefault(candidate => File.Exists(candidate)) ?? throw new FileNotFoundException("the ip command (iproute2) is not installed", "ip");
        var result = await ToolRunner.RunAsync(path, arguments, cancellationToken);
        return (result.ExitCode, result.StandardError.Trim());
    }
}
