using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KubeSharp.TestSupport;

/// <summary>The real kubesharp binary run as a child process, its output collected line by line.</summary>
public sealed partial class KubeSharpProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private KubeSharpProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Starts kubesharp.dll from the test's output folder (the test project references src/KubeSharp).</summary>
    public static KubeSharpProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kubesharp.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new KubeSharpProcess(Process.Start(info) ?? throw new InvalidOperationException("kubesharp did not start"));
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        await Wait.UntilAsync(() => Task.FromResult(Output.Contains(text, StringComparison.Ordinal) || _process.HasExited), timeout, $"\"{text}\" from kubesharp");
        if (!Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kubesharp exited without printing \"{text}\":\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>A polite stop, as systemd or Ctrl-C would ask.</summary>
    public void Terminate() => _ = SendSignal(_process.Id, 15);

    public void Kill() => _process.Kill();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
