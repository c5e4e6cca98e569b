using System.ComponentModel;
using System.Diagnostics;

namespace KubeSharp.Kubelet.Images;

/// <summary>How a tool run by <see cref="ToolRunner"/> ended, with everything it printed.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs a host tool (gcc, busybox, ctr) to completion, capturing its output.</summary>
internal static class ToolRunner
{
    /// <exception cref="InvalidOperationException">The tool could not be started.</exception>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"cannot run {fileName}: {error.Message}", error);
        }

        // Both pipes are drained at once so a chatty tool never blocks on a full one; they end
        // when the process does, also after the kill below, so they need no token of their own.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return new ToolResult(process.ExitCode, await output, await errors);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }
}
