using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeSharp.Kubelet.Cri.V1;
using KubeSharp.Kubelet.Pods;
using KubeSharp.Kubelet.Server;
using KubeSharp.Kubelet.Streaming.PortForward;
using KubeSharp.Kubelet.Streaming.RemoteCommand;
using KubeSharp.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.Kubelet.Tests.Server;

/// <summary>The server on loopback (port 0) with a test CA, called as the API server and as others would.</summary>
public sealed class KubeletServerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("kubelet-server");
    private readonly TestCertificates _cluster = new();
    private readonly FakePodStreamingSource _source = new();
    private KubeletServer? _server;

    public async Task InitializeAsync()
    {
        var time = TimeProvider.System;
        var logger = NullLogger.Instance;
        var logPath = _dir.File("app-0.log");
        await File.WriteAllTextAsync(logPath, "2024-01-01T00:00:01Z stdout P hel\n2024-01-01T00:00:01.5Z stdout F lo\n2024-01-01T00:00:02Z stderr F oops\n");
        _source.Add(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "uid-1" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
            },
            new RuntimeContainer(
                "c0", "app", "sandbox", 0, ContainerState.ContainerExited, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
                0, "Completed", string.Empty, "busybox", "sha256:busybox", "hash", 0, null, logPath));
        _server = await KubeletServer.StartAsync(
            new KubeletServerOptions
            {
                BindAddress = IPAddress.Loopback,
                Port = 0,
                ClientCertificateAuthorities = [_cluster.Authority],
                CertificateDirectory = _dir.File("tls"),
                NodeName = "node-1",
                Addresses = [IPAddress.Loopback],
            },
            _source,
            new ContainerLogsHandler(_source, time, logger),
            new RemoteCommandHandler(_source, time, logger),
            new PortForwardHandler(_source, time, logger),
            new StatsProvider(_source, time, logger),
            NullLoggerFactory.Instance,
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _cluster.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Healthz_answers_the_api_server_with_its_serving_certificate()
    {
        using var certificate = _cluster.Client("CN=kube-apiserver-kubelet-client, O=system:masters");
        string? served = null;
        using var client = Client(certificate, subject => served = subject);

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Equal("CN=node-1", served);
        Assert.True(File.Exists(Path.Combine(_dir.File("tls"), ServingCertificate.CertificateFile)));
    }

    [Fact]
    public async Task Container_logs_come_as_text_lines()
    {
        using var certificate = _cluster.Client("CN=kube-apiserver-kubelet-client");
        using var client = Client(certificate);

        using var response = await client.GetAsync("/containerLogs/default/web/app?timestamps=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2024-01-01T00:00:01Z hello\n2024-01-01T00:00:02Z oops\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Other_users_are_forbidden_with_upstreams_message()
    {
        using var certificate = _cluster.Client("CN=alice, O=developers");
        using var client = Client(certificate);

        var status = await StatusAsync(client, "/containerLogs/default/web/app", HttpStatusCode.Forbidden);

        Assert.Equal("Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)", status["message"]?.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]?.GetValue<string>());
        Assert.Equal(403, status["code"]?.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_pods_and_containers_are_not_found()
    {
        using var certificate = _cluster.Client("CN=kube-apiserver-kubelet-client");
        using var client = Client(certificate);

        var pod = await StatusAsync(client, "/containerLogs/default/nope/app", HttpStatusCode.NotFound);
        var container = await StatusAsync(client, "/exec/default/web/nope?command=ls", HttpStatusCode.NotFound);
        var wrongUid = await StatusAsync(client, "/portForward/default/web/uid-2", HttpStatusCode.NotFound);

        Assert.Equal("pod \"default/nope\" not found", pod["message"]?.GetValue<string>());
        Assert.Equal("container \"nope\" not found in pod \"default/web\"", container["message"]?.GetValue<string>());
        Assert.Equal("pod \"default/web\" not found", wrongUid["message"]?.GetValue<string>());
        using var missing = await client.GetAsync("/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Log_requests_the_node_cannot_serve_get_upstreams_errors()
    {
        using var certificate = _cluster.Client("CN=kube-apiserver-kubelet-client");
        using var client = Client(certificate);

        var previous = await StatusAsync(client, "/containerLogs/default/web/app?previous=true", HttpStatusCode.BadRequest);
        var invalid = await StatusAsync(client, "/containerLogs/default/web/app?tailLines=-1", HttpStatusCode.UnprocessableEntity);

        Assert.Equal("previous terminated container \"app\" in pod \"web\" not found", previous["message"]?.GetValue<string>());
        Assert.Equal("tailLines: Invalid value: -1: must be greater than or equal to 0", invalid["message"]?.GetValue<string>());
    }

    [Fact]
    public async Task Clients_of_another_ca_do_not_get_through_tls()
    {
        using var other = new TestCertificates();
        using var certificate = other.Client("CN=kube-apiserver-kubelet-client");
        using var client = Client(certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/healthz"));
    }

    private static async Task<JsonNode> StatusAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", status["kind"]?.GetValue<string>());
        Assert.Equal("Failure", status["status"]?.GetValue<string>());
        return status;
    }

    private HttpClient Client(X509Certificate2 certificate, Action<string>? served = null) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [certificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,

            // As upstream's API server: the kubelet's self-signed certificate is not verified.
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
            {
                if (presented is not null)
                {
                    served?.Invoke(presented.Subject);
                }

                return true;
            },
        },
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{_server!.Port}"),
    };
}
