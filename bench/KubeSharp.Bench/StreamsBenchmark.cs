using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using KubeSharp.TestSupport;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh streams (inside a lab network namespace): one real node and an echo pod. A bulk
/// transfer through `kubectl port-forward` (kubectl → API server → kubelet → pod) against the
/// same transfer straight to the pod IP, in the same run; and small HTTP requests over one forward.
/// </summary>
internal static class StreamsBenchmark
{
    private const long Bytes = 256L * 1024 * 1024;
    private const int WarmUpRounds = 3;
    private static readonly TimeSpan RequestWindow = TimeSpan.FromSeconds(5);

    public static Task RunAsync(string[] args) => LabNode.RunAsync(MeasureAsync);

    private static async Task MeasureAsync(ServerProcess server, Kubernetes client)
    {
        await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "echo" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "echo", Image = "localhost/echo:1.0" }] },
            },
            "default");
        string? ip = null;
        await Wait.UntilAsync(
            async () => (ip = (await client.CoreV1.ReadNamespacedPodAsync("echo", "default")).Status?.PodIP) is not null
                && (await client.CoreV1.ReadNamespacedPodAsync("echo", "default")).Status?.Phase == "Running",
            TimeSpan.FromMinutes(2),
            "the echo pod");

        var forward = Process.Start(new ProcessStartInfo(Kubectl.Dispatcher, ["--kubeconfig", server.Kubeconfig, "port-forward", "pod/echo", ":8080"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("kubectl did not start");
        try
        {
            var line = await forward.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("kubectl port-forward printed nothing");
            var start = line.IndexOf("127.0.0.1:", StringComparison.Ordinal) + "127.0.0.1:".Length;
            var port = int.Parse(line[start..line.IndexOf(' ', start)], CultureInfo.InvariantCulture);

            // Warm both paths (a fresh server still compiles its stream code as it goes: tiered JIT), then
            // measure them alternately so that both see the same machine.
            for (var warm = 0; warm < WarmUpRounds; warm++)
            {
                await TransferAsync($"http://{ip}:8080", Bytes);
                await TransferAsync($"http://127.0.0.1:{port}", Bytes);
            }

            var direct = new List<double>();
            var forwarded = new List<double>();
            double kubectlCpu = 0, serverCpu = 0, selfCpu = 0, wall = 0;
            for (var round = 0; round < 5; round++)
            {
                direct.Add(await TransferAsync($"http://{ip}:8080", Bytes));
                var (k0, s0, b0) = (ProcessCpu.Seconds(forward.Id), ProcessCpu.Seconds(server.ProcessId), ProcessCpu.Seconds(Environment.ProcessId));
                var clock = Stopwatch.StartNew();
                forwarded.Add(await TransferAsync($"http://127.0.0.1:{port}", Bytes));
                wall += clock.Elapsed.TotalSeconds;
                kubectlCpu += ProcessCpu.Seconds(forward.Id) - k0;
                serverCpu += ProcessCpu.Seconds(server.ProcessId) - s0;
                selfCpu += ProcessCpu.Seconds(Environment.ProcessId) - b0;
            }

            // Where the forwarded transfer's CPU goes (cores busy on average): kubectl, the server (API server + kubelet), the client.
            Figures.Print("portforward_kubectl_cores", kubectlCpu / wall, "cores");
            Figures.Print("portforward_server_cores", serverCpu / wall, "cores");
            Figures.Print("portforward_client_cores", selfCpu / wall, "cores");

            Figures.Print("direct_mb_per_s", Figures.Median(direct), "MB/s");
            Figures.Print("portforward_mb_per_s", Figures.Median(forwarded), "MB/s");
            // Each round's forwarded transfer against the direct one just before it, so both saw the same machine.
            Figures.Print("portforward_vs_direct_ratio", Figures.Median([.. forwarded.Select((rate, i) => rate / direct[i])]), "x");
            Figures.Print("portforward_rps", await RequestsPerSecondAsync($"http://127.0.0.1:{port}"), "req/s");
            Figures.Print("direct_rps", await RequestsPerSecondAsync($"http://{ip}:8080"), "req/s");
        }
        finally
        {
            forward.Kill(entireProcessTree: true);
            await forward.WaitForExitAsync();
            forward.Dispose();
        }
    }

    /// <summary>Downloads <paramref name="bytes"/> from the echo server's /bytes/N and returns MB/s.</summary>
    private static async Task<double> TransferAsync(string baseUrl, long bytes)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync($"{baseUrl}/bytes/{bytes}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total / 1e6 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Small sequential requests on one kept-alive connection for a few seconds.</summary>
    private static async Task<double> RequestsPerSecondAsync(string baseUrl)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < RequestWindow)
        {
            await http.GetStringAsync($"{baseUrl}/small/{count}");
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
