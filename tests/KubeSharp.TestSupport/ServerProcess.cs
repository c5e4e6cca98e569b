namespace KubeSharp.TestSupport;

/// <summary>
/// A real `kubesharp server --disable-agent` (or, made with <see cref="StartNodeAsync"/>, a server
/// with its node) on a temp data dir and a free port, as a child process; gives its kubeconfig and
/// kubectl. Restartable on the same data dir.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("apiserver");
    private readonly TempDirectory _cache = new("kubectl-cache");
    private readonly string[] _extraArguments;
    private readonly bool _agent;
    private KubeSharpProcess? _process;

    private ServerProcess(string[] extraArguments, bool agent)
    {
        _extraArguments = extraArguments;
        _agent = agent;
    }

    public string DataDirectory => _directory.Path;

    public string Kubeconfig => Path.Combine(_directory.Path, "kubeconfig.yaml");

    public Kubectl Kubectl => new(Kubeconfig, _cache.Path);

    public string Output => _process?.Output ?? string.Empty;

    /// <summary>The API server's URL, as written in its kubeconfig.</summary>
    public string ServerUrl() =>
        File.ReadLines(Kubeconfig).Select(l => l.Trim()).First(l => l.StartsWith("server: ", StringComparison.Ordinal))["server: ".Length..];

    /// <summary>The server's process id (0 when stopped).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>The server process's resident memory (VmRSS) in MiB.</summary>
    public double ResidentMegabytes() => _process?.ResidentMegabytes() ?? 0;

    /// <summary>Starts a server; <paramref name="extraArguments"/> are more `kubesharp server` flags.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] extraArguments)
    {
        var server = new ServerProcess(extraArguments, agent: false);
        await server.RestartAsync();
        return server;
    }

    /// <summary>
    /// Starts a server that runs a real node (kubelet and containerd) called <paramref name="nodeName"/>;
    /// only inside a lab network namespace (see LabNamespace), and the caller cleans the node up.
    /// </summary>
    public static async Task<ServerProcess> StartNodeAsync(string nodeName, params string[] extraArguments)
    {
        var server = new ServerProcess(["--node-name", nodeName, "--node-ip", LabNamespace.NodeIp, .. extraArguments], agent: true);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same data dir and waits until it serves.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        File.Delete(Kubeconfig);
        _process = KubeSharpProcess.Start(["server", "--data-dir", _directory.Path, "--https-listen-port", "0", "--bind-address", "127.0.0.1", .. (_agent ? [] : (string[])["--disable-agent"]), .. _extraArguments]);
        await _process.WaitForOutputAsync("API server ready", TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            process.Terminate();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would; <see cref="RestartAsync"/> brings it back.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
        _cache.Dispose();
    }
}
