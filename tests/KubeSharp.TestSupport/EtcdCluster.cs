using System.Diagnostics;
using Etcdserverpb;
using Grpc.Net.Client;

namespace KubeSharp.TestSupport;

/// <summary>
/// A real etcd cluster (Debian's etcd-server) on loopback ports, for tests and benchmarks.
/// Each member is a process we started; dispose kills them by PID and removes their data.
/// </summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    public const string Binary = "/usr/bin/etcd";

    private readonly TempDirectory _directory = new("etcd");
    private readonly Member[] _members;

    private EtcdCluster(int size)
    {
        _members = [.. Enumerable.Range(1, size).Select(i => new Member($"m{i}", FreePort.Next(), FreePort.Next()))];
    }

    public string Endpoints => string.Join(",", _members.Select(m => m.ClientUrl));

    /// <summary>The endpoints with member <paramref name="first"/>'s first, so a client starts on it.</summary>
    public string EndpointsStartingWith(int first) =>
        string.Join(",", _members.Skip(first).Concat(_members.Take(first)).Select(m => m.ClientUrl));

    public static async Task<EtcdCluster> StartAsync(int size)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's etcd-server (./test.sh does)");
        }

        var cluster = new EtcdCluster(size);
        try
        {
            foreach (var member in cluster._members)
            {
                cluster.Start(member, initial: true);
            }

            await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(30));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The index of the member that is leader now.</summary>
    public async Task<int> FindLeaderAsync()
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Process is null)
            {
                continue;
            }

            try
            {
                using var channel = GrpcChannel.ForAddress(_members[i].ClientUrl);
                var status = await new Maintenance.MaintenanceClient(channel).StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (status.Leader == status.Header.MemberId)
                {
                    return i;
                }
            }
            catch (Grpc.Core.RpcException)
            {
            }
        }

        throw new InvalidOperationException("no etcd member says it is the leader");
    }

    /// <summary>kill -9 of one member.</summary>
    public void Kill(int index)
    {
        var member = _members[index];
        if (member.Process is { } process)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            member.Process = null;
        }
    }

    public void Restart(int index) => Start(_members[index], initial: false);

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        await Wait.UntilAsync(async () =>
        {
            try
            {
                await FindLeaderAsync();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }, timeout, "an etcd leader");
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _members.Length; i++)
        {
            Kill(i);
        }

        await Task.Yield();
        _directory.Dispose();
    }

    private void Start(Member member, bool initial)
    {
        var cluster = string.Join(",", _members.Select(m => $"{m.Name}={m.PeerUrl}"));
        var dataDir = _directory.File(member.Name);
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--name", member.Name, "--data-dir", dataDir,
            "--listen-client-urls", member.ClientUrl, "--advertise-client-urls", member.ClientUrl,
            "--listen-peer-urls", member.PeerUrl, "--initial-advertise-peer-urls", member.PeerUrl,
            "--initial-cluster", cluster, "--initial-cluster-state", initial ? "new" : "existing",
            "--initial-cluster-token", _directory.Path, "--logger", "zap", "--log-level", "error",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("etcd did not start");

        // Drain its output so a full pipe never stalls it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        member.Process = process;
    }

    private sealed class Member(string name, int clientPort, int peerPort)
    {
        public string Name { get; } = name;

        // etcd refuses URLs with a path, even "/".
        public string ClientUrl { get; } = $"http://127.0.0.1:{clientPort}";

        public string PeerUrl { get; } = $"http://127.0.0.1:{peerPort}";

        public Process? Process { get; set; }
    }
}
