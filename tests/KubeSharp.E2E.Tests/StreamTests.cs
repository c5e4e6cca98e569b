using System.Globalization;
using System.Net.Sockets;
using System.Text;
using k8s;
using KubeSharp.TestSupport;

namespace KubeSharp.E2E.Tests;

/// <summary>kubectl logs, exec, port-forward, proxy and top, and the C# client's exec and port-forward, against a real node.</summary>
[Collection(NodeCollection.Name)]
public sealed class StreamTests(NodeCluster cluster) : IAsyncLifetime
{
    private const string Echo = "stream-echo";

    public async Task InitializeAsync()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: stream-echo, labels: {app: stream-echo}}
            spec:
              containers:
              - name: echo
                image: localhost/echo:1.0
                ports: [{containerPort: 8080, name: http}]
              - name: shell
                image: localhost/busybox:1.35
                command: [sh, -c, "i=0; while true; do i=$((i+1)); echo line $i; sleep 0.3; done"]
            """);
        await cluster.WaitForAsync(Echo, "{.status.conditions[?(@.type==\"Ready\")].status}", "True");
    }

    public Task DisposeAsync() => cluster.Kubectl.RunAsync($"delete pod {Echo} --grace-period=1");

    [Theory]
    [InlineData(null)]
    [InlineData(28)]
    public async Task Logs_follow_shows_new_lines_within_a_second(int? kubectl)
    {
        // --timestamps gives the time the runtime wrote each line, on this machine's clock.
        using var logs = new KubectlProcess(KubectlProcess.Binary(kubectl), cluster.Server.Kubeconfig, "logs", "-f", Echo, "-c", "shell", "--tail=1", "--timestamps");
        for (var i = 0; i < 5; i++)
        {
            var line = await logs.NextLineAsync(TimeSpan.FromSeconds(30));
            var fields = line.Split(' ');
            Assert.Equal("line", fields[1]);
            if (i == 0)
            {
                continue; // the tail line was written before we asked
            }

            var late = DateTimeOffset.UtcNow - DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.True(late < TimeSpan.FromSeconds(1), $"line {fields[2]} arrived {late.TotalMilliseconds:F0} ms after it was written");
        }
    }

    [Fact]
    public async Task Logs_take_tail_timestamps_and_previous_options()
    {
        // The container writes a line every 0.3 s: wait until it has written more than three.
        await Wait.UntilAsync(
            async () => (await cluster.Kubectl.OkAsync($"logs {Echo} -c shell")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 3,
            NodeCluster.Patience,
            "four log lines");
        var tail = await cluster.Kubectl.OkAsync($"logs {Echo} -c shell --tail=3 --timestamps");
        var lines = tail.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line \d+$", line));

        var previous = await cluster.Kubectl.RunAsync($"logs {Echo} -c shell --previous");
        Assert.NotEqual(0, previous.ExitCode);
        Assert.Contains("previous terminated container \"shell\" in pod \"stream-echo\" not found", previous.Error, StringComparison.Ordinal);

        var ambiguous = await cluster.Kubectl.RunAsync($"logs {Echo} -c nope");
        Assert.Contains("container nope is not valid for pod stream-echo", ambiguous.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(28)]
    public async Task Exec_round_trips_stdin_and_reports_exit_codes(int? minor)
    {
        var kubectl = minor is { } m ? cluster.Kubectl.WithVersion(m) : cluster.Kubectl;
        var echoed = await kubectl.RunAsync($"exec -i {Echo} -c shell -- cat", "hello through stdin\nsecond line\n");
        Assert.True(echoed.ExitCode == 0, echoed.ToString());
        Assert.Equal("hello through stdin\nsecond line\n", echoed.Output);

        var failed = await kubectl.RunAsync($"exec {Echo} -c shell -- sh -c 'echo out; echo err >&2; exit 3'");
        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("out\n", failed.Output);
        Assert.Contains("err", failed.Error, StringComparison.Ordinal);
        Assert.Contains("command terminated with exit code 3", failed.Error, StringComparison.Ordinal);

        var missing = await kubectl.RunAsync($"exec {Echo} -c nope -- true");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("container nope is not valid for pod stream-echo", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_reaches_the_main_process_stdin_and_stdout()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: attached}
            spec:
              restartPolicy: Never
              containers:
              - {name: main, image: localhost/busybox:1.35, command: [sh, -c, "read line; echo got $line"], stdin: true, stdinOnce: true}
            """);
        await cluster.WaitForAsync("attached", "{.status.phase}", "Running");
        var attach = await cluster.Kubectl.RunAsync("attach -i attached -c main", "through attach\n");
        Assert.True(attach.ExitCode == 0, attach.ToString());
        Assert.Contains("got through attach", attach.Output, StringComparison.Ordinal);
        await cluster.WaitForAsync("attached", "{.status.phase}", "Succeeded");
        await cluster.Kubectl.OkAsync("delete pod attached");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(28)]
    public async Task Port_forward_reaches_the_echo_server_for_sequential_and_parallel_requests(int? kubectl)
    {
        using var forward = new KubectlProcess(KubectlProcess.Binary(kubectl), cluster.Server.Kubeconfig, "port-forward", "pod/" + Echo, ":8080");
        var port = ForwardedPort(await forward.WaitForLineAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(30)));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; i < 100; i++)
        {
            var body = await http.GetStringAsync($"sequential/{i}");
            Assert.StartsWith($"{Echo}\n/sequential/{i}\n", body, StringComparison.Ordinal);
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var own = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            return (i, await own.GetStringAsync($"http://127.0.0.1:{port}/parallel/{i}"));
        }));
        Assert.All(parallel, result => Assert.StartsWith($"{Echo}\n/parallel/{result.i}\n", result.Item2, StringComparison.Ordinal));

        // A port nobody listens on: that connection fails, the session goes on.
        using var nobody = new KubectlProcess(KubectlProcess.Binary(kubectl), cluster.Server.Kubeconfig, "port-forward", "pod/" + Echo, ":9999");
        var dead = ForwardedPort(await nobody.WaitForLineAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(30)));
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", dead);
            await client.GetStream().WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
            var buffer = new byte[64];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Equal(0, await client.GetStream().ReadAsync(buffer, wait.Token));
        }

        await nobody.WaitForLineAsync("9999", TimeSpan.FromSeconds(20));
        Assert.StartsWith($"{Echo}\n/after-a-failure\n", await http.GetStringAsync("after-a-failure"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_proxy_reaches_a_service_and_a_pod()
    {
        await cluster.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: stream-echo}
            spec:
              selector: {app: stream-echo}
              ports: [{name: http, port: 80, targetPort: http}]
            """);
        using var proxy = new KubectlProcess(Kubectl.Dispatcher, cluster.Server.Kubeconfig, "proxy", "--port=0");
        var line = await proxy.WaitForLineAsync("Starting to serve on 127.0.0.1:", TimeSpan.FromSeconds(30));
        var port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(20) };
        await Wait.UntilAsync(
            async () => (await http.GetAsync("api/v1/namespaces/default/services/stream-echo:http/proxy/through/service")).IsSuccessStatusCode,
            NodeCluster.Patience,
            "the service's endpoints");
        Assert.StartsWith($"{Echo}\n/through/service", await http.GetStringAsync("api/v1/namespaces/default/services/stream-echo:http/proxy/through/service"), StringComparison.Ordinal);
        Assert.StartsWith($"{Echo}\n/through/pod?x=1", await http.GetStringAsync($"api/v1/namespaces/default/pods/{Echo}:8080/proxy/through/pod?x=1"), StringComparison.Ordinal);
        await cluster.Kubectl.OkAsync("delete service stream-echo");
    }

    [Fact]
    public async Task Top_shows_figures_for_running_pods_and_the_node()
    {
        await Wait.UntilAsync(
            async () => (await cluster.Kubectl.RunAsync($"top pod {Echo} --containers")).Output.Contains("shell", StringComparison.Ordinal),
            TimeSpan.FromMinutes(1),
            "pod metrics");
        var pods = await cluster.Kubectl.OkAsync($"top pod {Echo} --containers");
        Assert.Matches(@"stream-echo\s+shell\s+\d+m\s+\d+Mi", pods);
        var nodes = await cluster.Kubectl.OkAsync("top nodes");
        Assert.Matches(cluster.NodeName + @"\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%", nodes);
    }

    [Fact]
    public async Task The_csharp_client_execs_and_forwards_ports()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Server.Kubeconfig));
        var output = new StringBuilder();
        var exit = await client.NamespacedPodExecAsync(Echo, "default", "shell", ["sh", "-c", "echo from-csharp; exit 4"], false, async (stdin, stdout, stderr) =>
        {
            using var reader = new StreamReader(stdout);
            output.Append(await reader.ReadToEndAsync());
        }, CancellationToken.None);
        Assert.Equal(4, exit);
        Assert.Equal("from-csharp\n", output.ToString());

        using var socket = await client.WebSocketNamespacedPodPortForwardAsync(Echo, "default", [8080], "v4.channel.k8s.io");
        using var demux = new StreamDemuxer(socket, StreamType.PortForward);
        demux.Start();
        await using var stream = demux.GetStream((byte?)0, (byte?)0);
        await stream.WriteAsync("GET /from-csharp HTTP/1.0\r\n\r\n"u8.ToArray());
        var response = new StringBuilder();
        var buffer = new byte[4096];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!response.ToString().Contains("/from-csharp", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, wait.Token);
            Assert.NotEqual(0, read);
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.Contains("200 OK", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abandoned_streams_leave_no_handles_behind()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Server.Kubeconfig));
        var before = HandleTargets(cluster.Server.ProcessId);
        var baseline = before.Count;

        // 200 streams through the API server and the kubelet (exec sessions and log follows), each
        // abandoned mid-stream without a goodbye, ten at a time.
        for (var batch = 0; batch < 20; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
            {
                var buffer = new byte[256];
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                if (i % 2 == 0)
                {
                    using var socket = await client.WebSocketNamespacedPodExecAsync(Echo, "default", ["sh", "-c", "echo started; sleep 30"], "shell", cancellationToken: wait.Token);
                    await socket.ReceiveAsync(buffer, wait.Token);
                    socket.Abort();
                }
                else
                {
                    await using var logs = await client.CoreV1.ReadNamespacedPodLogAsync(Echo, "default", container: "shell", follow: true, cancellationToken: wait.Token);
                    Assert.NotEqual(0, await logs.ReadAsync(buffer, wait.Token));
                }
            }));
        }

        try
        {
            await Wait.UntilAsync(
                () => Task.FromResult(OpenHandles(cluster.Server.ProcessId) <= baseline + 10),
                TimeSpan.FromSeconds(60),
                $"open handles back to {baseline}");
        }
        catch (TimeoutException)
        {
            // Say what stayed open, so that a failure can be told from a leak.
            var added = HandleTargets(cluster.Server.ProcessId).GroupBy(t => t).Select(g => (g.Key, Count: g.Count() - before.Count(b => b == g.Key))).Where(g => g.Count > 0);
            Assert.Fail($"open handles not back to {baseline} within 60 s; more than before: {string.Join(", ", added.Select(a => $"{a.Key} x{a.Count}"))}");
        }

        Assert.Equal("Running", await cluster.JsonPathAsync("pod " + Echo, "{.status.phase}"));
        Assert.Equal("0", await cluster.JsonPathAsync("pod " + Echo, "{.status.containerStatuses[1].restartCount}"));
    }

    private static int ForwardedPort(string line)
    {
        var start = line.IndexOf("127.0.0.1:", StringComparison.Ordinal) + "127.0.0.1:".Length;
        var end = line.IndexOf(' ', start);
        return int.Parse(line[start..end], CultureInfo.InvariantCulture);
    }

    private static int OpenHandles(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>What each open handle is (socket:[…] and pipe:[…] reduced to their kind, files by path).</summary>
    private static List<string> HandleTargets(int pid) =>
    [
        .. Directory.GetFiles($"/proc/{pid}/fd").Select(fd =>
        {
            string target;
            try
            {
                target = new FileInfo(fd).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                target = "closed meanwhile";
            }

            var bracket = target.IndexOf(":[", StringComparison.Ordinal);
            return bracket > 0 ? target[..bracket] : target;
        }),
    ];
}
