using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using KubeSharp.Kubelet.Cri;
using KubeSharp.Kubelet.Cri.V1;
using Microsoft.Extensions.Logging;

namespace KubeSharp.Kubelet.Containerd;

/// <summary>
/// A node's private containerd: started with a generated configuration, restarted with a backoff
/// whenever it dies, stopped with SIGTERM (SIGKILL after a grace period). Containers run under
/// their shims and survive containerd restarts; containerd finds them again when it comes back.
/// </summary>
internal sealed partial class ManagedContainerd : IAsyncDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int LogTailBytes = 4096;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RestartBase = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RestartMax = TimeSpan.FromSeconds(30);

    // A run at least this long resets the backoff.
    private static readonly TimeSpan HealthyRun = TimeSpan.FromMinutes(1);

    // containerd looks up its shim (containerd-shim-runc-v2) on PATH, and the portmap CNI plugin runs iptables from it.
    private static readonly string[] SystemPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private readonly ContainerdOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _supervision = new();
    private readonly Lock _gate = new();
    private readonly Task _supervisor;

    // Written by the supervisor only; read by StopAsync and DisposeAsync once the supervisor has ended.
    private Process _process;
    private int _processId;
    private Task? _stop;

    private ManagedContainerd(ContainerdOptions options, TimeProvider time, ILogger logger, Process process)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _process = process;
        _processId = process.Id;
        _supervisor = SuperviseAsync(_supervision.Token);
    }

    /// <summary>The CRI endpoint, <c>unix:///path</c>.</summary>
    public string Endpoint => "unix://" + _options.Socket;

    /// <summary>The current containerd process (it changes when containerd is restarted).</summary>
    public int ProcessId => Volatile.Read(ref _processId);

    /// <summary>
    /// Creates the folders, writes the configuration, stops a containerd left running with the same
    /// configuration by an earlier run of ours, starts containerd and waits until it answers CRI
    /// Version, then supervises it.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="InvalidOperationException">containerd exited while starting, or another process owns a containerd with this configuration.</exception>
    /// <exception cref="TimeoutException">containerd did not answer within 20 s.</exception>
    public static async Task<ManagedContainerd> StartAsync(
        ContainerdOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("containerd options: " + string.Join("; ", problems), nameof(options));
        }

        var logger = loggers.CreateLogger("containerd");
        await PrepareAsync(options, cancellationToken);
        await StopLeftoversAsync(options, time, logger, cancellationToken);

        var started = time.GetTimestamp();
        var process = Launch(options);
        LogStarted(logger, process.Id, options.ConfigFile, options.LogPath);
        try
        {
            var version = await WaitReadyAsync(process, options, time, cancellationToken);
            LogReady(logger, version.RuntimeVersion, options.Socket, time.GetElapsedTime(started).TotalSeconds);
        }
        catch
        {
            await TerminateAsync(process.Id, time, logger, CancellationToken.None);
            process.Dispose();
            throw;
        }

        return new ManagedContainerd(options, time, logger, process);
    }

    /// <summary>
    /// Stops supervising and stops containerd: SIGTERM, then SIGKILL after 10 s or as soon as
    /// <paramref name="cancellationToken"/> is cancelled. Later calls return the first call's task.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stop ??= Task.Run(() => StopCoreAsync(cancellationToken), CancellationToken.None);
            return _stop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _process.Dispose();
        _supervision.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        await _supervision.CancelAsync();
        await _supervisor;
        var pid = ProcessId;
        LogStopping(_logger, pid);
        await TerminateAsync(pid, _time, _logger, cancellationToken);
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                var started = _time.GetTimestamp();
                await _process.WaitForExitAsync(cancellationToken);
                failures = _time.GetElapsedTime(started) >= HealthyRun ? 1 : failures + 1;
                var delay = Backoff(failures);
                LogExited(_logger, _process.Id, _process.ExitCode, delay.TotalSeconds, _options.LogPath);

                Process? next = null;
                while (next is null)
                {
                    await Task.Delay(delay, _time, cancellationToken);
                    try
                    {
                        next = Launch(_options);
                    }
                    catch (Exception error) when (error is Win32Exception or InvalidOperationException)
                    {
                        delay = Backoff(++failures);
                        LogRestartFailed(_logger, error.Message, delay.TotalSeconds);
                    }
                }

                _process.Dispose();
                _process = next;
                Volatile.Write(ref _processId, next.Id);
                LogRestarted(_logger, next.Id);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // StopAsync: the process is left to it.
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(RestartMax.Ticks, RestartBase.Ticks << Math.Clamp(failures - 1, 0, 10)));

    private static async Task PrepareAsync(ContainerdOptions options, CancellationToken cancellationToken)
    {
        string?[] folders =
        [
            options.Root,
            options.State,
            options.CniConfDir,
            options.OptDir,
            Path.GetDirectoryName(options.Socket),
            Path.GetDirectoryName(options.LogPath),
            Path.GetDirectoryName(options.ConfigFile),
        ];
        foreach (var folder in folders)
        {
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // Written aside and renamed, so that a restart never reads half a file.
        var temporary = options.ConfigFile + ".tmp";
        await File.WriteAllTextAsync(temporary, ContainerdConfig.Render(options), cancellationToken);
        File.Move(temporary, options.ConfigFile, overwrite: true);
    }

    private static Process Launch(ContainerdOptions options)
    {
        // sh execs containerd, so the pid is containerd's own. Its output goes straight to the log
        // file rather than through a pipe to us: a Go program writing to a closed stdout dies of
        // SIGPIPE, and containerd must outlive us if we crash.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" --config \"$1\" </dev/null >>\"$2\" 2>&1");
        start.ArgumentList.Add(options.Executable);
        start.ArgumentList.Add(options.ConfigFile);
        start.ArgumentList.Add(options.LogPath);
        var path = start.Environment.TryGetValue("PATH", out var inherited) ? inherited ?? string.Empty : string.Empty;
        start.Environment["PATH"] = string.Join(
            ':', path.Split(':', StringSplitOptions.RemoveEmptyEntries).Union(SystemPath, StringComparer.Ordinal));
        return Process.Start(start) ?? throw new InvalidOperationException("containerd did not start");
    }

    private static async Task<VersionResponse> WaitReadyAsync(
        Process process, ContainerdOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = CriClient.Connect(options.Socket);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var exited = process.WaitForExitAsync(startup.Token);
        var ready = client.WaitReadyAsync(ReadyTimeout, time, startup.Token);
        await Task.WhenAny(ready, exited);
        await startup.CancelAsync();
        await Task.WhenAll(ready, exited).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (ready.IsCompletedSuccessfully)
        {
            return await ready;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (process.HasExited)
        {
            throw new InvalidOperationException(
                $"containerd exited with code {process.ExitCode} while starting; the end of {options.LogPath}:\n{LogTail(options.LogPath)}");
        }

        try
        {
            return await ready;
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}; the end of {options.LogPath}:\n{LogTail(options.LogPath)}", error);
        }
    }

    private static string LogTail(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = Math.Max(0, file.Length - LogTailBytes);
            using var reader = new StreamReader(file);
            return reader.ReadToEnd();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"(cannot read it: {error.Message})";
        }
    }

    /// <summary>
    /// Stops containerd processes running our executable with our configuration file that an
    /// earlier run left behind when it died: the new one would otherwise wait forever for their
    /// metadata database lock. One whose parent still lives belongs to a running node and is
    /// refused instead.
    /// </summary>
    private static async Task StopLeftoversAsync(ContainerdOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (arguments is not [var executable, "--config", var config, ..]
                || executable != options.Executable
                || config != options.ConfigFile
                || ReadStat(pid) is not { } stat)
            {
                continue;
            }

            // An orphan is re-parented to init; a live parent (even this process) still owns it.
            if (stat.Parent != 1)
            {
                throw new InvalidOperationException(
                    $"containerd (pid {pid}) already runs with {config}, started by the live process {stat.Parent}; stop that node first");
            }

            LogLeftover(logger, pid);
            await TerminateAsync(pid, time, logger, cancellationToken);
        }
    }

    private static async Task TerminateAsync(int pid, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _ = SendSignal(pid, SigTerm);
        if (await WaitGoneAsync(pid, StopGrace, time, cancellationToken))
        {
            return;
        }

        LogKilling(logger, pid);
        _ = SendSignal(pid, SigKill);
        if (!await WaitGoneAsync(pid, KillWait, time, CancellationToken.None))
        {
            LogStillRunning(logger, pid, KillWait.TotalSeconds);
        }
    }

    /// <summary>Polls /proc, which works for processes that are not our children too; a zombie counts as gone.</summary>
    private static async Task<bool> WaitGoneAsync(int pid, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (ReadStat(pid) is { State: not ('Z' or 'X') })
        {
            if (time.GetElapsedTime(start) >= limit)
            {
                return false;
            }

            try
            {
                await Task.Delay(ExitPoll, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The state letter and parent pid from /proc/PID/stat; null when there is no such process.</summary>
    private static (char State, int Parent)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (command) state ppid ...", where the command may hold spaces and parentheses.
        var end = stat.LastIndexOf(')');
        if (end < 0 || end + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(end + 2)..].Split(' ');
        if (fields.Length < 2 || fields[0].Length == 0 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
        {
            return null;
        }

        return (fields[0][0], parent);
    }

    // DllImport rather than LibraryImport: int arguments need no marshalling, and LibraryImport's
    // generated stub would need AllowUnsafeBlocks. Failures (the process is already gone) need no handling.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "started containerd (pid {Pid}) with {Config}, logging to {LogPath}")]
    private static partial void LogStarted(ILogger logger, int pid, string config, string logPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "containerd {Version} ready on {Socket} after {Seconds:0.00} s")]
    private static partial void LogReady(ILogger logger, string version, string socket, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd (pid {Pid}) exited with code {ExitCode}; restarting in {Seconds} s (see {LogPath})")]
    private static partial void LogExited(ILogger logger, int pid, int exitCode, double seconds, string logPath);

    [LoggerMessage(Level = LogLevel.Error, Message = "restarting containerd failed: {Reason}; trying again in {Seconds} s")]
    private static partial void LogRestartFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "restarted containerd (pid {Pid})")]
    private static partial void LogRestarted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping containerd (pid {Pid}) left running with this configuration by an earlier run")]
    private static partial void LogLeftover(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping containerd (pid {Pid})")]
    private static partial void LogStopping(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "containerd (pid {Pid}) did not stop after SIGTERM; sending SIGKILL")]
    private static partial void LogKilling(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Error, Message = "containerd (pid {Pid}) still runs {Seconds} s after SIGKILL")]
    private static partial void LogStillRunning(ILogger logger, int pid, double seconds);
}
