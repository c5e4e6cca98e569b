using System.Diagnostics;

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
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + path);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        await output;
        return (process.ExitCode, (await error).Trim());
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }
}
