using System.Net;
using System.Text;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Proxy;
using KubeSharp.ApiServer.Tests.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Proxy;

/// <summary>Proxy targets found from the cached pods, services, endpoints and nodes; the redirect and the kubelet path of <see cref="ResourceProxy"/>.</summary>
public sealed class ProxyTargetsTests : IAsyncLifetime
{
    private readonly FakeKubelets _kubelets = new FakeKubelets().Answer("n1", "/healthz?verbose=1", "ok");
    private ObjectCaches _caches = null!;
    private ProxyTargets _targets = null!;

    public async Task InitializeAsync()
    {
        _caches = await ObjectCaches.StartAsync(
            """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"ns"},
             "spec":{"containers":[{"name":"side","image":"x"},{"name":"main","image":"x","ports":[{"containerPort":8080},{"name":"metrics","containerPort":9100}]}]},
             "status":{"podIP":"10.42.0.5","podIPs":[{"ip":"10.42.0.5"}]}}
            """,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare","namespace":"ns"},"spec":{"containers":[{"name":"c","image":"x"}]},"status":{"podIP":"10.42.0.6"}}""",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"new","namespace":"ns"},"spec":{"containers":[{"name":"c","image":"x"}]},"status":{}}""",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"host","namespace":"ns"},"spec":{"containers":[{"name":"c","image":"x"}]},"status":{"podIP":"127.0.0.1"}}""",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"ns"},"spec":{"ports":[{"name":"http","port":80,"targetPort":8080}]}}""",
            """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-abc","namespace":"ns","labels":{"kubernetes.io/service-name":"web"}},
             "addressType":"IPv4","ports":[{"name":"http","port":8080}],"endpoints":[{"addresses":["10.42.0.5"],"conditions":{"ready":true}}]}
            """,
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"manual","namespace":"ns"},"spec":{"ports":[{"port":5432}]}}""",
            """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"manual","namespace":"ns"},"subsets":[{"addresses":[{"ip":"192.168.1.20"}],"ports":[{"port":5432}]}]}""",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"empty","namespace":"ns"},"spec":{"ports":[{"port":80}]}}""",
            """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},
             "status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}
            """);
        _targets = new ProxyTargets(_caches["pods"], _caches["services"], _caches["endpointslices"], _caches["endpoints"], _caches["nodes"]);
    }

    public async Task DisposeAsync() => await _caches.DisposeAsync();

    [Theory]
    [InlineData("web", "http://10.42.0.5:8080")]
    [InlineData("web:9000", "http://10.42.0.5:9000")]
    [InlineData("https:web:metrics", "https://10.42.0.5:9100")]
    [InlineData("bare", "http://10.42.0.6:80")]
    [InlineData("https:bare:", "https://10.42.0.6:443")]
    public void A_pod_is_reached_at_its_ip_and_the_asked_or_first_declared_port(string id, string expected)
    {
        var target = _targets.Pod(Request($"/api/v1/namespaces/ns/pods/{id}/proxy/"));

        Assert.Equal(expected, $"{target.Scheme}://{target.Authority}");
    }

    [Theory]
    [InlineData("new", HttpStatusCode.BadRequest, "address not allowed")]
    [InlineData("host", HttpStatusCode.BadRequest, "address not allowed")]
    [InlineData("web:nope", HttpStatusCode.BadRequest, "invalid pod request \"web:nope\"")]
    [InlineData("gone", HttpStatusCode.NotFound, "pods \"gone\" not found")]
    public void Pods_without_a_usable_address_or_port_are_refused(string id, HttpStatusCode code, string message)
    {
        var error = Assert.Throws<ApiException>(() => _targets.Pod(Request($"/api/v1/namespaces/ns/pods/{id}/proxy/")));

        Assert.Equal((code, message), (error.Code, error.Message));
    }

    [Theory]
    [InlineData("web", "http://10.42.0.5:8080")]
    [InlineData("https:web:80", "https://10.42.0.5:8080")]
    [InlineData("web:http", "http://10.42.0.5:8080")]
    [InlineData("manual", "http://192.168.1.20:5432")]
    public void A_service_is_reached_at_a_ready_endpoint_and_its_target_port(string id, string expected)
    {
        var target = _targets.Service(Request($"/api/v1/namespaces/ns/services/{id}/proxy/"));

        Assert.Equal(expected, $"{target.Scheme}://{target.Authority}");
    }

    [Theory]
    [InlineData("empty", HttpStatusCode.ServiceUnavailable, "no endpoints available for service \"empty\"")]
    [InlineData("web:metrics", HttpStatusCode.ServiceUnavailable, "no endpoints available for service \"web\"")]
    [InlineData("web:81", HttpStatusCode.ServiceUnavailable, "no service port 81 found for service \"web\"")]
    [InlineData("gone", HttpStatusCode.NotFound, "services \"gone\" not found")]
    public void Services_without_a_ready_endpoint_are_unavailable(string id, HttpStatusCode code, string message)
    {
        var error = Assert.Throws<ApiException>(() => _targets.Service(Request($"/api/v1/namespaces/ns/services/{id}/proxy/")));

        Assert.Equal((code, message), (error.Code, error.Message));
    }

    [Fact]
    public void A_node_is_reached_through_its_kubelet_unless_another_port_is_asked_for()
    {
        var (_, kubelet, toKubelet) = _targets.Node(Request("/api/v1/nodes/n1/proxy/healthz"));
        var (_, same, sameToKubelet) = _targets.Node(Request("/api/v1/nodes/n1:10250/proxy/healthz"));
        var (_, other, otherToKubelet) = _targets.Node(Request("/api/v1/nodes/n1:9100/proxy/metrics"));

        Assert.Equal(("https://10.0.0.1:10250", true), ($"{kubelet.Scheme}://{kubelet.Authority}", toKubelet));
        Assert.Equal(("https://10.0.0.1:10250", true), ($"{same.Scheme}://{same.Authority}", sameToKubelet));
        Assert.Equal(("http://10.0.0.1:9100", false), ($"{other.Scheme}://{other.Authority}", otherToKubelet));
    }

    [Fact]
    public async Task A_bare_proxy_path_is_redirected_to_its_directory()
    {
        using var proxy = new ResourceProxy(_targets, _kubelets, NullLogger.Instance);
        var context = Context("/api/v1/namespaces/ns/services/web/proxy", "?a=1");

        await proxy.HandleAsync(context, ProxyRequest.From(context)!);

        Assert.Equal(301, context.Response.StatusCode);
        Assert.Equal("/api/v1/namespaces/ns/services/web/proxy/?a=1", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_nodes_kubelet_is_asked_through_the_connector()
    {
        using var proxy = new ResourceProxy(_targets, _kubelets, NullLogger.Instance);
        var context = Context("/api/v1/nodes/n1/proxy/healthz", "?verbose=1");
        var post = Context("/api/v1/nodes/n1/proxy/healthz", string.Empty, "POST");

        await proxy.HandleAsync(context, ProxyRequest.From(context)!);
        var refused = await Assert.ThrowsAsync<ApiException>(() => proxy.HandleAsync(post, ProxyRequest.From(post)!));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("ok", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal(["n1/healthz?verbose=1"], _kubelets.Asked.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.Code);
    }

    private static ProxyRequest Request(string path) => ProxyRequest.Parse(path)!;

    private static DefaultHttpContext Context(string path, string query, string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        context.Response.Body = new MemoryStream();
        return context;
    }
}
