using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using KubeSharp.Kubelet.Server;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.E2E.Tests;

/// <summary>
/// The API server's way to a kubelet of another process: HTTPS with its kubelet client certificate,
/// which the kubelet's server checks against the cluster CA. (A server's own node is served in process,
/// so the other end-to-end tests do not take this way.) The kubelet here is the real server on loopback
/// with one pod and no runtime; kubectl reads its log and forwards a port to a listener of the test.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class RemoteKubeletTests : IAsyncLifetime
{
    private const string NodeName = "remote-node";
    private const string PodName = "remote-pod";

    private readonly TempDirectory _directory = new("remote-kubelet");
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private ServerProcess? _server;
    private KubeletServer? _kubelet;
    private Task? _echoing;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync("--disable-scheduler", "--disable-controller-manager");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.Kubeconfig));
        var pod = await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = PodName },
                Spec = new V1PodSpec { NodeName = NodeName, HostNetwork = true, Containers = [new V1Container { Name = "app", Image = "localhost/busybox:1.35" }] },
            },
            "default");

        // As its kubelet would report it: kubectl port-forward wants a running pod.
        pod.Status = new V1PodStatus { Phase = "Running" };
        pod = await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, PodName, "default");

        var logPath = _directory.File("app-0.log");
        await File.WriteAllTextAsync(logPath, "2026-01-01T00:00:01Z stdout F hello\n2026-01-01T00:00:02Z stdout F from the remote node\n");
        var source = new SinglePodSource(pod, "app", logPath);
        var time = TimeProvider.System;
        var logger = NullLogger.Instance;
        _kubelet = await KubeletServer.StartAsync(
            new KubeletServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                ClientCertificateAuthorities = [X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_server.DataDirectory, "server", "tls", "server-ca.crt")))],
                CertificateDirectory = _directory.File("tls"),
                NodeName = NodeName,
                Addresses = [IPAddress.Loopback],
            },
            source,
            new ContainerLogsHandler(source, time, logger),
            new RemoteCommandHandler(source, time, logger),
            new PortForwardHandler(source, time, logger),
            new StatsProvider(source, time, logger),
            NullLoggerFactory.Instance,
            CancellationToken.None);

        var node = await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = NodeName } });
        node.Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "127.0.0.1" }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = _kubelet.Port } },
        };
        await client.CoreV1.ReplaceNodeStatusAsync(node, NodeName);

        _echo.Start();
        _echoing = EchoAsync(_stopping.Token);
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        _echo.Stop();
        if (_echoing is not null)
        {
            await _echoing;
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _stopping.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Kubectl_reads_a_log_over_https()
    {
        var output = await _server!.Kubectl.OkAsync($"logs {PodName}");
        Assert.Equal("hello\nfrom the remote node\n", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(28)]
    public async Task Kubectl_forwards_a_port_over_https(int? kubectl)
    {
        var target = ((IPEndPoint)_echo.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var forward = new KubectlProcess(KubectlProcess.Binary(kubectl), _server!.Kubeconfig, "port-forward", "pod/" + PodName, ":" + target);
        var line = await forward.WaitForLineAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(30));
        var start = line.IndexOf("127.0.0.1:", StringComparison.Ordinal) + "127.0.0.1:".Length;
        var port = int.Parse(line[start..line.IndexOf(' ', start)], CultureInfo.InvariantCulture);

        // Several connections at once, each with several round trips through the one session.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(async connection =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var stream = tcp.GetStream();
            for (var i = 0; i < 10; i++)
            {
                var message = System.Text.Encoding.ASCII.GetBytes($"connection {connection} message {i}\n");
                await stream.WriteAsync(message);
                var echoed = new byte[message.Length];
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await stream.ReadExactlyAsync(echoed, wait.Token);
                Assert.Equal(message, echoed);
            }
        }));
    }

    /// <summary>Echoes every connection's bytes back until the test ends.</summary>
    private async Task EchoAsync(CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _echo.AcceptSocketAsync(cancellationToken);
                connections.Add(Task.Run(
                    async () =>
                    {
                        using (socket)
                        {
                            var buffer = new byte[4096];
                            int read;
                            while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
                            {
                                await socket.SendAsync(buffer.AsMemory(0, read), cancellationToken);
                            }
                        }
                    },
                    cancellationToken));
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over.
        }

        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
    }
}
