using System.Diagnostics;

namespace KubeSharp.E2E.Tests;

/// <summary>
/// A machine outside the node: a network namespace of its own, joined to the lab node by a veth
/// pair (node side 192.168.228.1, client 192.168.228.2), with routes to the node's address and the
/// load-balancer pool through the node and nowhere else. Disposing removes the namespace and the
/// veth by name.
/// </summary>
internal sealed class ClientNamespace : IAsyncDisposable
{
    public const string Address = "192.168.228.2";
    private const string NodeSide = "192.168.228.1";

    private readonly string _veth;

    private ClientNamespace(string name, string veth)
    {
        Name = name;
        _veth = veth;
    }

    public string Name { get; }

    /// <param name="routes">The CIDRs the client reaches through the node (its address, the pool).</param>
    public static async Task<ClientNamespace> CreateAsync(params string[] routes)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var client = new ClientNamespace("ks-client-" + id, "kc" + id);
        try
        {
            await RunAsync("ip", "netns", "add", client.Name);
            await RunAsync("ip", "link", "add", client._veth, "type", "veth", "peer", "name", "eth0", "netns", client.Name);
            await RunAsync("ip", "addr", "add", NodeSide + "/24", "dev", client._veth);
            await RunAsync("ip", "link", "set", client._veth, "up");
            await client.ExecAsync("ip", "link", "set", "lo", "up");
            await client.ExecAsync("ip", "addr", "add", Address + "/24", "dev", "eth0");
            await client.ExecAsync("ip", "link", "set", "eth0", "up");
            foreach (var route in routes)
            {
                await client.ExecAsync("ip", "route", "add", route, "via", NodeSide);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP GET from inside the client namespace (busybox wget); the body, or throws with wget's error.</summary>
    public Task<string> GetAsync(string url) => ExecAsync("timeout", "10", "/bin/busybox", "wget", "-qO-", url);

    public Task<string> ExecAsync(params string[] command) => RunAsync(["ip", "netns", "exec", Name, .. command]);

    public async ValueTask DisposeAsync()
    {
        await TryRunAsync("ip", "link", "del", _veth);
        await TryRunAsync("ip", "netns", "del", Name);
    }

    private static async Task<string> RunAsync(params string[] command)
    {
        var (exitCode, output, error) = await StartAsync(command);
        return exitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', command)} failed ({exitCode}): {error}");
    }

    private static async Task TryRunAsync(params string[] command) => await StartAsync(command);

    private static async Task<(int ExitCode, string Output, string Error)> StartAsync(string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException(command[0] + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
