using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace KubeSharp.Api.Host;

/// <summary>How a tool run by <see cref="ToolRunner"/> ended, with everything it printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws unless the tool exited with 0.</summary>
    /// <exception cref="InvalidOperationException">It did not; the message carries the command and its standard error.</exception>
    public void ThrowIfFailed(string command)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} exited with {ExitCode}: {StandardError.Trim()}");
        }
    }
}

/// <summary>Runs a host tool (gcc, busybox, ctr, ip, nft) to completion, capturing its output.</summary>
public static class ToolRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="InvalidOperationException">The tool could not be started.</exception>
    public static Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, null, cancellationToken);

    /// <param name="input">Written to the tool's standard input, which is then closed; null: no input.</param>
    /// <exception cref="InvalidOperationException">The tool could not be started.</exception>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (input is not null)
        {
            start.StandardInputEncoding = Utf8;
        }

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
            if (input is not null)
            {
                await WriteInputAsync(process, input, cancellationToken);
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        return new ToolResult(process.ExitCode, await output, await errors);
    }

    private static async Task WriteInputAsync(Process process, string input, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            await process.StandardInput.FlushAsync(cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool stopped reading (it failed early): its exit code and errors say why.
        }
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
