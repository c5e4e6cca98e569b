using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace KubeSharp.Proxy.Host;

/// <summary>Runs a host tool (nft, ip) to completion, feeding it input on standard input.</summary>
internal static class ToolProcess
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <exception cref="InvalidOperationException">The tool could not start or failed; the message carries its standard error.</exception>
    public static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
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
        catch (Win32Exception failure)
        {
            throw new InvalidOperationException($"cannot run {fileName}: {failure.Message}", failure);
        }

        // Both pipes are drained at once so a chatty tool never blocks; they end when the process does.
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

        await output;
        var error = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        }
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
            // It had exited already.
        }
    }
}
