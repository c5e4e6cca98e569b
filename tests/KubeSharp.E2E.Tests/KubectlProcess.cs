using System.Diagnostics;
using System.Threading.Channels;
using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>A long-running kubectl (logs -f, port-forward, proxy) whose output lines are read as they come; killed on dispose.</summary>
internal sealed class KubectlProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public KubectlProcess(string binary, string kubeconfig, params string[] arguments)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The next output line (stdout or stderr), waiting up to <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no output from kubectl within {timeout.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("kubectl ended");
        }
    }

    /// <summary>Reads lines until one contains <paramref name="text"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        while (true)
        {
            string line;
            try
            {
                line = await _lines.Reader.ReadAsync(cancel.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ChannelClosedException)
            {
                throw new TimeoutException($"kubectl did not print \"{text}\"; it printed:\n{string.Join('\n', seen)}");
            }

            if (line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }

            seen.Add(line);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        _lines.Writer.TryWrite(line);
    }

    /// <summary>The kubectl binary of a version (1.NN), or the dispatcher.</summary>
    public static string Binary(int? minor) => minor is { } m ? Kubectl.Version(m) : Kubectl.Dispatcher;
}
