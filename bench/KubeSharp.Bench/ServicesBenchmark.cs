using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using KubeSharp.Proxy;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Bench;

/// <summary>
/// ./bench.sh services (inside a lab network namespace):
/// - the proxy's nftables sync with 10,000 services of 2 endpoints each: the first full sync, then
///   single endpoint changes (the engine fed directly, a table of its own in the lab's kernel);
/// - on a real node: network programming latency (an EndpointSlice write through the API until a
///   connection to the ClusterIP reaches the new endpoint), HTTP requests through a ClusterIP against
///   the same load straight to the pod IP (alternated in the same run), and cluster DNS under dnsperf.
/// </summary>
internal static class ServicesBenchmark
{
    private const int Services = 10_000;
    private const int Changes = 20;
    private const int ProgrammingSamples = 50;
    private const int HttpConnections = 8;
    private const string DnsServer = "10.43.0.10";
    private static readonly TimeSpan HttpWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SampleSpacing = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan DnsWindow = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string[] args)
    {
        LabNamespace.Require();
        await MeasureProxySyncAsync();
        await LabNode.RunAsync(MeasureNodeAsync);
    }

    private static async Task MeasureProxySyncAsync()
    {
        var options = new ProxyOptions { NodeName = "bench", TableName = "kubesharp-bench-" + Environment.ProcessId };
        var nft = new NftRunner(options.NftPath);
        var proxier = new Proxier(options, nft, TimeProvider.System, NullLogger.Instance);
        try
        {
            var slices = new V1EndpointSlice[Services];
            for (var i = 0; i < Services; i++)
            {
                proxier.OnServiceChanged(null, Service(i));
                slices[i] = Slice(i, Address(202, i), Address(203, i));
                proxier.OnEndpointSliceChanged(null, slices[i]);
            }

            var full = await proxier.SyncAsync(CancellationToken.None) ?? throw new InvalidOperationException("the first sync ran nothing");
            Figures.Print("proxy_sync_10k_services_ms", full.Duration.TotalMilliseconds, "ms");

            var changes = new List<double>();
            for (var change = 0; change < Changes; change++)
            {
                var i = change * (Services / Changes);
                var moved = Slice(i, Address(202, i), Address(204, i + change));
                proxier.OnEndpointSliceChanged(slices[i], moved);
                slices[i] = moved;
                var result = await proxier.SyncAsync(CancellationToken.None) ?? throw new InvalidOperationException("a change ran nothing");
                changes.Add(result.Duration.TotalMilliseconds);
            }

            Figures.Print("proxy_sync_one_change_ms", Figures.Median(changes), "ms");
            Figures.Print("proxy_sync_one_change_max_ms", changes.Max(), "ms");
        }
        finally
        {
            await nft.DeleteTableAsync(options.TableName, CancellationToken.None);
        }
    }

    private static async Task MeasureNodeAsync(ServerProcess server, Kubernetes client)
    {
        await MeasureNetworkProgrammingAsync(client);
        await MeasureClusterIpAsync(client);
        await MeasureDnsAsync(client);
    }

    /// <summary>A selector-less service whose slice is moved between two local listeners; each move is timed until a connection lands on the new one.</summary>
    private static async Task MeasureNetworkProgrammingAsync(Kubernetes client)
    {
        using var first = new TcpListener(IPAddress.Parse(LabNamespace.NodeIp), 0);
        using var second = new TcpListener(IPAddress.Parse(LabNamespace.NodeIp), 0);
        first.Start();
        second.Start();
        var listeners = new[] { first, second };
        var service = await client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "programming" },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "tcp", Port = 80 }] },
            },
            "default");
        var clusterIp = IPAddress.Parse(service.Spec.ClusterIP);
        var slice = await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(ProgrammingSlice(((IPEndPoint)first.LocalEndpoint).Port), "default");
        await WaitForListenerAsync(clusterIp, first, TimeSpan.FromMinutes(1));

        var samples = new List<double>();
        for (var sample = 0; sample < ProgrammingSamples; sample++)
        {
            // Changes further apart than kube-proxy's minimum sync period, so each is one sync of its own.
            await Task.Delay(SampleSpacing);
            var target = listeners[(sample + 1) % 2];
            var next = ProgrammingSlice(((IPEndPoint)target.LocalEndpoint).Port);
            next.Metadata.ResourceVersion = slice.Metadata.ResourceVersion;
            var clock = Stopwatch.StartNew();
            slice = await client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(next, next.Metadata.Name, "default");
            await WaitForListenerAsync(clusterIp, target, TimeSpan.FromSeconds(30));
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        Figures.Print("network_programming_p50_ms", Figures.Percentile(samples, 50), "ms");
        Figures.Print("network_programming_p99_ms", Figures.Percentile(samples, 99), "ms");
        await client.CoreV1.DeleteNamespacedServiceAsync("programming", "default");
    }

    /// <summary>Connects to the ClusterIP until a connection arrives at <paramref name="target"/> (connections to the other one are dropped).</summary>
    private static async Task WaitForListenerAsync(IPAddress clusterIp, TcpListener target, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(clusterIp, 80);
            }
            catch (SocketException)
            {
                continue;
            }

            var local = (IPEndPoint)socket.LocalEndPoint!;
            while (target.Pending())
            {
                using var accepted = target.AcceptSocket();
                if (accepted.RemoteEndPoint is IPEndPoint remote && remote.Port == local.Port)
                {
                    return;
                }
            }
        }

        throw new TimeoutException("the ClusterIP never reached the new endpoint");
    }

    private static V1EndpointSlice ProgrammingSlice(int port) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "programming-bench",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "programming", ["endpointslice.kubernetes.io/managed-by"] = "bench" },
        },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = [LabNamespace.NodeIp], Conditions = new V1EndpointConditions { Ready = true } }],
        Ports = [new Discoveryv1EndpointPort { Name = "tcp", Port = port, Protocol = "TCP" }],
    };

    /// <summary>The same keep-alive HTTP load through the ClusterIP and straight to the pod, alternated twice.</summary>
    private static async Task MeasureClusterIpAsync(Kubernetes client)
    {
        await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "echo", Labels = new Dictionary<string, string> { ["app"] = "echo" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "echo", Image = "localhost/echo:1.0" }] },
            },
            "default");
        var service = await client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "echo" },
                Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "echo" }, Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }] },
            },
            "default");
        string? podIp = null;
        await Wait.UntilAsync(
            async () => (await client.CoreV1.ReadNamespacedPodAsync("echo", "default")) is { Status.Phase: "Running" } pod && (podIp = pod.Status.PodIP) is not null,
            TimeSpan.FromMinutes(2),
            "the echo pod");
        var direct = $"http://{podIp}:8080";
        var throughService = $"http://{service.Spec.ClusterIP}:80";
        await Wait.UntilAsync(async () => await TryGetAsync(throughService), TimeSpan.FromMinutes(1), "the ClusterIP to answer");

        await RequestsPerSecondAsync(direct, TimeSpan.FromSeconds(1));
        await RequestsPerSecondAsync(throughService, TimeSpan.FromSeconds(1));
        var podRps = new List<double>();
        var clusterRps = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            podRps.Add(await RequestsPerSecondAsync(direct, HttpWindow));
            clusterRps.Add(await RequestsPerSecondAsync(throughService, HttpWindow));
        }

        Figures.Print("podip_rps", podRps.Average(), "req/s");
        Figures.Print("clusterip_rps", clusterRps.Average(), "req/s");
        Figures.Print("clusterip_vs_podip_rps_ratio", clusterRps.Average() / podRps.Average(), "x");
    }

    private static async Task<bool> TryGetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await http.GetStringAsync(url);
            return true;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Small requests over <see cref="HttpConnections"/> kept-alive connections for a while.</summary>
    private static async Task<double> RequestsPerSecondAsync(string baseUrl, TimeSpan window)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = HttpConnections }) { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, HttpConnections).Select(async _ =>
        {
            var count = 0;
            while (clock.Elapsed < window)
            {
                await http.GetStringAsync(baseUrl + "/small");
                count++;
            }

            return count;
        }));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    /// <summary>dnsperf from the node's network namespace against the cluster DNS service, on cluster names.</summary>
    private static async Task MeasureDnsAsync(Kubernetes client)
    {
        const int Names = 20;
        for (var i = 0; i < Names; i++)
        {
            await client.CoreV1.CreateNamespacedServiceAsync(
                new V1Service
                {
                    Metadata = new V1ObjectMeta { Name = "dns-" + i.ToString(CultureInfo.InvariantCulture) },
                    Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "none" }, Ports = [new V1ServicePort { Port = 80 }] },
                },
                "default");
        }

        using var queries = new TempDirectory("dnsperf");
        var file = Path.Combine(queries.Path, "queries");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Names).Select(i => $"dns-{i}.default.svc.cluster.local A"));
        await Wait.UntilAsync(async () => (await DnsPerfAsync(file, TimeSpan.FromSeconds(1), verbose: false)).Contains("NOERROR", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the cluster DNS to answer");

        var summary = await DnsPerfAsync(file, DnsWindow, verbose: false);
        Figures.Print("dns_qps", double.Parse(Field(summary, "Queries per second:"), CultureInfo.InvariantCulture), "queries/s");
        Figures.Print("dns_avg_ms", double.Parse(Field(summary, "Average Latency (s):").Split(' ')[0], CultureInfo.InvariantCulture) * 1000, "ms");
        Console.WriteLine($"# dnsperf: {Field(summary, "Queries lost:")} lost; response codes: {Field(summary, "Response codes:")}");

        var latencies = (await DnsPerfAsync(file, TimeSpan.FromSeconds(5), verbose: true)).Split('\n')
            .Where(line => line.StartsWith("> NOERROR", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) * 1000)
            .ToList();
        Figures.Print("dns_p99_ms", Figures.Percentile(latencies, 99), "ms");
    }

    private static async Task<string> DnsPerfAsync(string file, TimeSpan window, bool verbose)
    {
        var info = new ProcessStartInfo("dnsperf") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-s", DnsServer, "-d", file, "-l", ((int)window.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-c", "8", "-q", "200", .. (verbose ? (string[])["-v"] : [])])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dnsperf did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static string Field(string summary, string label)
    {
        var start = summary.IndexOf(label, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"dnsperf printed no \"{label}\":\n{summary}");
        }

        start += label.Length;
        var end = summary.IndexOf('\n', start);
        return summary[start..end].Trim();
    }

    private static V1Service Service(int i) => new()
    {
        Metadata = new V1ObjectMeta { Name = "svc-" + i.ToString(CultureInfo.InvariantCulture), NamespaceProperty = "bench" },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = Address(201, i),
            ClusterIPs = [Address(201, i)],
            Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP", TargetPort = 8080 }],
        },
    };

    private static V1EndpointSlice Slice(int i, string first, string second) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "svc-" + i.ToString(CultureInfo.InvariantCulture) + "-abcde",
            NamespaceProperty = "bench",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "svc-" + i.ToString(CultureInfo.InvariantCulture) },
        },
        AddressType = "IPv4",
        Endpoints =
        [
            new V1Endpoint { Addresses = [first], Conditions = new V1EndpointConditions { Ready = true }, NodeName = "bench" },
            new V1Endpoint { Addresses = [second], Conditions = new V1EndpointConditions { Ready = true }, NodeName = "bench" },
        ],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    /// <summary>A distinct address per index inside 10.second.0.0/16 (the bench table is never reached by traffic).</summary>
    private static string Address(int second, int i) => string.Create(CultureInfo.InvariantCulture, $"10.{second}.{i / 250}.{(i % 250) + 1}");
}
