using System.Collections.Concurrent;
using System.Diagnostics;

namespace KubeSharp.Storage.Tests.Sqlite;

/// <summary>
/// Runs KubeSharp.Storage.CrashWriter: a separate process that writes to a SQLite store and prints
/// each acknowledged write, so a test can kill -9 it mid-load and check what survived.
/// </summary>
internal sealed class CrashWriter : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(string Key, long Revision)> _acknowledged = new();
    private readonly Task _reader;

    private CrashWriter(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    public IReadOnlyCollection<(string Key, long Revision)> Acknowledged => _acknowledged;

    public static CrashWriter Start(string path) => new(StartProcess("write", path));

    public static Process StartProcess(params string[] arguments)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "KubeSharp.Storage.CrashWriter.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("the crash writer did not start");
    }

    public async Task<int> WaitForAcknowledgementsAsync(int count, TimeSpan timeout)
    {
        await KubeSharp.TestSupport.Wait.UntilAsync(
            () => Task.FromResult(_acknowledged.Count >= count || _reader.IsCompleted), timeout, $"{count} acknowledged writes");
        return _acknowledged.Count;
    }

    /// <summary>SIGKILL: no chance to flush or close anything.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
        _reader.Wait();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts is ["ack", var key, var revision])
            {
                _acknowledged.Enqueue((key, long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }
}
