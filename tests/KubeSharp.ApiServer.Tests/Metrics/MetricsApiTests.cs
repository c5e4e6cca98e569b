using System.Net;
using System.Text.Json.Nodes;
using KubeSharp.Api.Errors;
using KubeSharp.ApiServer.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeSharp.ApiServer.Tests.Metrics;

/// <summary>metrics.k8s.io as kubectl top reads it, from fake kubelets' summaries.</summary>
public sealed class MetricsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 5, 0, TimeSpan.Zero);

    private const string Summary = """
        {"node":{"nodeName":"n1","cpu":{"time":"2026-01-02T03:04:05Z","usageNanoCores":123456789},"memory":{"time":"2026-01-02T03:04:05Z","workingSetBytes":12582912}},
         "pods":[
          {"podRef":{"name":"web","namespace":"ns1"},"containers":[
            {"name":"a","cpu":{"time":"2026-01-02T03:04:03Z","usageNanoCores":5000000},"memory":{"workingSetBytes":1048576}},
            {"name":"b","cpu":{"time":"2026-01-02T03:04:00Z","usageNanoCores":1500000000},"memory":{"workingSetBytes":1000}}]},
          {"podRef":{"name":"db","namespace":"ns1"},"containers":[{"name":"c","cpu":{"usageNanoCores":0},"memory":{"workingSetBytes":4096}}]},
          {"podRef":{"name":"other","namespace":"ns2"},"containers":[{"name":"c","cpu":{"usageNanoCores":7},"memory":{"workingSetBytes":1536}}]},
          {"podRef":{"name":"partial","namespace":"ns1"},"containers":[{"name":"c","cpu":{},"memory":{"workingSetBytes":1}}]},
          {"podRef":{"name":"pending","namespace":"ns1"},"containers":[{"name":"c","cpu":{"usageNanoCores":1},"memory":{"workingSetBytes":1}}]}]}
        """;

    private readonly FakeKubelets _kubelets = new FakeKubelets().Answer("n1", "/stats/summary", Summary);
    private ObjectCaches _caches = null!;
    private MetricsApi _api = null!;

    public async Task InitializeAsync()
    {
        _caches = await ObjectCaches.StartAsync(
            Node("n1", ready: true, """{"role":"a"}"""),
            Node("n2", ready: true, "{}"),
            Node("n3", ready: false, "{}"),
            Pod("ns1", "web", "n1", "Running", """{"app":"web"}"""),
            Pod("ns1", "db", "n1", "Running", """{"app":"db"}"""),
            Pod("ns1", "partial", "n1", "Running", "{}"),
            Pod("ns1", "pending", "n1", "Pending", "{}"),
            Pod("ns1", "lost", "n2", "Running", "{}"),
            Pod("ns2", "other", "n1", "Running", "{}"));
        _api = new MetricsApi(_caches["nodes"], _caches["pods"], _kubelets, new FixedTime(Now), NullLogger.Instance);
    }

    public async Task DisposeAsync() => await _caches.DisposeAsync();

    [Fact]
    public async Task Nodes_list_the_ready_nodes_whose_kubelet_answered()
    {
        var list = await GetAsync("/apis/metrics.k8s.io/v1beta1/nodes");

        Assert.Equal("NodeMetricsList", list["kind"]!.GetValue<string>());
        Assert.Equal("metrics.k8s.io/v1beta1", list["apiVersion"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray())!.AsObject();
        Assert.Equal(
            """{"metadata":{"name":"n1","creationTimestamp":"2026-01-02T03:05:00Z","labels":{"role":"a"}},"timestamp":"2026-01-02T03:04:05Z","window":"10s","usage":{"cpu":"123456789n","memory":"12Mi"}}""",
            item.ToJsonString());
        Assert.Equal(["n1/stats/summary", "n2/stats/summary"], _kubelets.Asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_node_is_got_by_name_and_one_without_metrics_is_not_found()
    {
        var node = await GetAsync("/apis/metrics.k8s.io/v1beta1/nodes/n1");
        var notReady = await Assert.ThrowsAsync<ApiException>(() => GetAsync("/apis/metrics.k8s.io/v1beta1/nodes/n3"));
        var missing = await Assert.ThrowsAsync<ApiException>(() => GetAsync("/apis/metrics.k8s.io/v1beta1/nodes/nope"));

        Assert.Equal("NodeMetrics", node["kind"]!.GetValue<string>());
        Assert.Equal("n1", node["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.NotFound, "nodemetrics.metrics.k8s.io \"n3\" not found"), (notReady.Code, notReady.Message));
        Assert.Equal((HttpStatusCode.NotFound, "node \"nope\" not found"), (missing.Code, missing.Message));
    }

    [Fact]
    public async Task Pods_list_the_running_pods_with_whole_usage_in_name_order()
    {
        var list = await GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods");

        Assert.Equal("PodMetricsList", list["kind"]!.GetValue<string>());
        var items = list["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(["db", "web"], items.Select(i => i["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(
            """{"metadata":{"name":"web","namespace":"ns1","creationTimestamp":"2026-01-02T03:05:00Z","labels":{"app":"web"}},"timestamp":"2026-01-02T03:04:00Z","window":"10s","containers":[{"name":"a","usage":{"cpu":"5m","memory":"1Mi"}},{"name":"b","usage":{"cpu":"1500m","memory":"1k"}}]}""",
            items[1].ToJsonString());
        Assert.Equal("2026-01-02T03:05:00Z", items[0]["timestamp"]!.GetValue<string>());
        Assert.Equal(["n1/stats/summary", "n2/stats/summary"], _kubelets.Asked.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/apis/metrics.k8s.io/v1beta1/pods", "ns1/db,ns1/web,ns2/other")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods?labelSelector=app%3Dweb", "ns1/web")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods?labelSelector=app%20in%20(db,web)", "ns1/db,ns1/web")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/pods?fieldSelector=metadata.namespace%3Dns2", "ns2/other")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods?fieldSelector=metadata.name!%3Dweb", "ns1/db")]
    public async Task Pods_are_selected_by_namespace_labels_and_metadata_fields(string path, string expected)
    {
        var list = await GetAsync(path);

        var names = list["items"]!.AsArray().Select(i => i!["metadata"]!["namespace"]!.GetValue<string>() + "/" + i["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(expected, string.Join(',', names));
    }

    [Fact]
    public async Task A_pod_is_got_by_name_and_one_without_whole_metrics_is_not_found()
    {
        var pod = await GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods/web");

        Assert.Equal("PodMetrics", pod["kind"]!.GetValue<string>());
        Assert.Equal("metrics.k8s.io/v1beta1", pod["apiVersion"]!.GetValue<string>());
        foreach (var (name, message) in new[]
        {
            ("partial", "podmetrics.metrics.k8s.io \"ns1/partial\" not found"),
            ("pending", "podmetrics.metrics.k8s.io \"ns1/pending\" not found"),
            ("lost", "podmetrics.metrics.k8s.io \"ns1/lost\" not found"),
            ("nope", "pods \"nope\" not found"),
        })
        {
            var error = await Assert.ThrowsAsync<ApiException>(() => GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods/" + name));
            Assert.Equal((HttpStatusCode.NotFound, message), (error.Code, error.Message));
        }
    }

    [Fact]
    public async Task A_table_sums_a_pods_containers()
    {
        var table = await GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/pods", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(["Name", "cpu", "memory", "Window"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var cells = table["rows"]!.AsArray().Select(r => string.Join(' ', r!["cells"]!.AsArray().Select(c => c!.GetValue<string>())));
        Assert.Equal(["db 0 4Ki 10s", "web 1505m 1049576 10s"], cells);
        Assert.Equal("PartialObjectMetadata", table["rows"]![0]!["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_paths_are_left_alone_and_only_get_and_list_are_served()
    {
        Assert.False(await _api.TryHandleAsync(Request("/apis/metrics.k8s.io/v1beta1/")));
        Assert.False(await _api.TryHandleAsync(Request("/api/v1/nodes")));
        var unknown = await Assert.ThrowsAsync<ApiException>(() => GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/ns1/deployments"));
        var watch = await Assert.ThrowsAsync<ApiException>(() => GetAsync("/apis/metrics.k8s.io/v1beta1/nodes?watch=true"));
        var delete = await Assert.ThrowsAsync<ApiException>(() => _api.TryHandleAsync(Request("/apis/metrics.k8s.io/v1beta1/nodes/n1", method: "DELETE")));

        Assert.Equal(HttpStatusCode.NotFound, unknown.Code);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, watch.Code);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.Code);
    }

    [Fact]
    public void Discovery_lists_the_group_and_its_two_resources()
    {
        var resources = MetricsDiscovery.ResourceList();
        var aggregated = MetricsDiscovery.AggregatedGroup();

        Assert.Equal("metrics.k8s.io/v1beta1", resources["groupVersion"]!.GetValue<string>());
        Assert.Equal(
            """[{"name":"nodes","singularName":"","namespaced":false,"kind":"NodeMetrics","verbs":["get","list"]},{"name":"pods","singularName":"","namespaced":true,"kind":"PodMetrics","verbs":["get","list"]}]""",
            resources["resources"]!.ToJsonString());
        Assert.Equal("metrics.k8s.io", aggregated["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(["Cluster", "Namespaced"], aggregated["versions"]![0]!["resources"]!.AsArray().Select(r => r!["scope"]!.GetValue<string>()));
        Assert.Equal("v1beta1", MetricsDiscovery.GroupEntry()["preferredVersion"]!["version"]!.GetValue<string>());
        Assert.Equal("APIGroup", MetricsDiscovery.GroupDocument()["kind"]!.GetValue<string>());
    }

    private async Task<JsonObject> GetAsync(string pathAndQuery, string? accept = null)
    {
        var context = Request(pathAndQuery, accept);
        Assert.True(await _api.TryHandleAsync(context));
        Assert.Equal(200, context.Response.StatusCode);
        return JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!.AsObject();
    }

    private static DefaultHttpContext Request(string pathAndQuery, string? accept = null, string method = "GET")
    {
        var context = new DefaultHttpContext();
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Node(string name, bool ready, string labels) => $$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},
         "status":{"conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}],"addresses":[{"type":"InternalIP","address":"10.0.0.1"}]}}
        """;

    private static string Pod(string @namespace, string name, string node, string phase, string labels) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{@namespace}}}","labels":{{{labels}}}},
         "spec":{"nodeName":"{{{node}}}","containers":[{"name":"c","image":"x"}]},"status":{"phase":"{{{phase}}}"}}
        """;
}
