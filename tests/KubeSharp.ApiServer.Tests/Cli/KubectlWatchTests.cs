using System.Diagnostics;
using KubeSharp.TestSupport;

namespace KubeSharp.ApiServer.Tests.Cli;

/// <summary>kubectl get -w: the initial table, then a row per change as it happens.</summary>
public sealed class KubectlWatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Get_watch_prints_changes_as_they_happen()
    {
        var ns = await fixture.NamespaceAsync();
        await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", ConfigMap("first"));
        var lines = new List<string>();
        var info = new ProcessStartInfo(Kubectl.Dispatcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--kubeconfig", fixture.Server.Kubeconfig, "get", "configmaps", "-n", ns, "-w", "--output-watch-events" })
        {
            info.ArgumentList.Add(argument);
        }

        using var watch = Process.Start(info)!;
        watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        watch.BeginOutputReadLine();
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(Snapshot(lines).Any(l => l.Contains("first", StringComparison.Ordinal))), TimeSpan.FromSeconds(30), "the initial row");
            await fixture.Kubectl.OkAsync($"apply -n {ns} -f -", ConfigMap("second"));
            await fixture.Kubectl.OkAsync($"label configmap -n {ns} second x=y");
            await fixture.Kubectl.OkAsync($"delete configmap -n {ns} second");

            await Wait.UntilAsync(() => Task.FromResult(Snapshot(lines).Any(l => l.StartsWith("DELETED", StringComparison.Ordinal))), TimeSpan.FromSeconds(30), "the DELETED row");
            var seen = Snapshot(lines);
            Assert.Contains(seen, l => l.StartsWith("ADDED", StringComparison.Ordinal) && l.Contains("second", StringComparison.Ordinal));
            Assert.Contains(seen, l => l.StartsWith("MODIFIED", StringComparison.Ordinal) && l.Contains("second", StringComparison.Ordinal));
        }
        finally
        {
            watch.Kill();
            await watch.WaitForExitAsync();
        }
    }

    private static string ConfigMap(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{a: b}}\n";

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
