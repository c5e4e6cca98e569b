using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeSharp.Api.Errors;
using KubeSharp.Api.Selectors;
using KubeSharp.ApiServer.Http;
using KubeSharp.ApiServer.Kubelet;
using KubeSharp.ApiServer.Watch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeSharp.ApiServer.Metrics;

/// <summary>
/// metrics.k8s.io/v1beta1 as metrics-server serves it, which is what `kubectl top` reads: NodeMetrics
/// (cluster-scoped) and PodMetrics (namespaced), got and listed with label and field selectors, as
/// JSON or as a Table. Usage is read when asked, from the kubelets' /stats/summary (their own 10 s
/// samples), rather than by a scrape loop; only Ready nodes are asked, and only Running pods are
/// reported, as metrics-server does.
/// </summary>
internal sealed class MetricsApi
{
    public const string PathPrefix = "/apis/" + MetricsDiscovery.GroupVersion + "/";

    private readonly ResourceCache _nodes;
    private readonly ResourceCache _pods;
    private readonly MetricsScraper _scraper;
    private readonly TimeProvider _time;

    public MetricsApi(ResourceCache nodes, ResourceCache pods, IKubeletConnector kubelets, TimeProvider time, ILogger logger)
    {
        _nodes = nodes;
        _pods = pods;
        _time = time;
        _scraper = new MetricsScraper(kubelets, time, logger);
    }

    /// <summary>
    /// Serves a request under /apis/metrics.k8s.io/v1beta1/ and returns true; false for any other path
    /// (the group's discovery documents are served with the others). Errors are thrown as <see cref="ApiException"/>.
    /// </summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || path.Length == PathPrefix.Length)
        {
            return false;
        }

        switch (path[PathPrefix.Length..].Split('/'))
        {
            case ["nodes"]:
                EnsureReadable(context, "nodes", list: true);
                await ListNodesAsync(context);
                break;
            case ["nodes", var node] when node.Length > 0:
                EnsureReadable(context, "nodes", list: false);
                await GetNodeAsync(context, node);
                break;
            case ["pods"]:
                EnsureReadable(context, "pods", list: true);
                await ListPodsAsync(context, null);
                break;
            case ["namespaces", var @namespace, "pods"] when @namespace.Length > 0:
                EnsureReadable(context, "pods", list: true);
                await ListPodsAsync(context, @namespace);
                break;
            case ["namespaces", var @namespace, "pods", var pod] when @namespace.Length > 0 && pod.Length > 0:
                EnsureReadable(context, "pods", list: false);
                await GetPodAsync(context, @namespace, pod);
                break;
            default:
                throw ApiErrors.ResourceNotFound(path);
        }

        return true;
    }

    private static void EnsureReadable(HttpContext context, string resource, bool list)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            throw ApiErrors.MethodNotSupported(MetricsDiscovery.Group, resource, method.ToLowerInvariant());
        }

        // metrics-server's released versions serve get and list only.
        if (list && context.Request.Query["watch"].ToString() is "true" or "1")
        {
            throw ApiErrors.MethodNotSupported(MetricsDiscovery.Group, resource, "watch");
        }
    }

    private async Task ListNodesAsync(HttpContext context)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"].ToString());
        var (items, _) = _nodes.Snapshot(_nodes.Resource.StoragePrefix);
        var selected = items.Where(n => labels.Matches(n.Labels) && fields.Matches(NodeFields(n))).ToList();
        var usage = await NodeUsageAsync(selected, context.RequestAborted);
        var now = _time.GetUtcNow();
        var rows = new List<(JsonObject, ulong, ulong)>();
        foreach (var node in selected)
        {
            if (usage.TryGetValue(node.Name, out var sample))
            {
                rows.Add((MetricsDocuments.Node(node.Name, node.Labels, sample, now, withTypeMeta: false), sample.NanoCores, sample.WorkingSetBytes));
            }
        }

        await WriteAsync(context, "NodeMetricsList", rows);
    }

    private async Task GetNodeAsync(HttpContext context, string name)
    {
        var node = _nodes.Get(_nodes.Resource.Key(null, name))
            ?? throw ApiErrors.NotFound(string.Empty, "node", name);
        var usage = await NodeUsageAsync([node], context.RequestAborted);
        if (!usage.TryGetValue(name, out var sample))
        {
            throw ApiErrors.NotFound(MetricsDiscovery.Group, "nodemetrics", name);
        }

        var item = MetricsDocuments.Node(name, node.Labels, sample, _time.GetUtcNow(), withTypeMeta: true);
        await WriteAsync(context, null, [(item, sample.NanoCores, sample.WorkingSetBytes)]);
    }

    private async Task ListPodsAsync(HttpContext context, string? @namespace)
    {
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"].ToString());
        var (items, _) = _pods.Snapshot(_pods.Resource.NamespacePrefix(@namespace));
        var selected = items
            .Where(p => IsRunning(p) && labels.Matches(p.Labels) && fields.Matches(PodFields(p)))
            .OrderBy(p => p.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var usage = await PodUsageAsync(selected, context.RequestAborted);
        var now = _time.GetUtcNow();
        var rows = new List<(JsonObject, ulong, ulong)>();
        foreach (var pod in selected)
        {
            if (usage.TryGetValue((pod.Namespace, pod.Name), out var sample))
            {
                rows.Add((MetricsDocuments.Pod(sample, pod.Labels, now, withTypeMeta: false), sample.NanoCores, sample.WorkingSetBytes));
            }
        }

        await WriteAsync(context, "PodMetricsList", rows);
    }

    private async Task GetPodAsync(HttpContext context, string @namespace, string name)
    {
        var pod = _pods.Get(_pods.Resource.Key(@namespace, name))
            ?? throw ApiErrors.NotFound(string.Empty, "pods", name);
        var noMetrics = ApiErrors.NotFound(MetricsDiscovery.Group, "podmetrics", $"{@namespace}/{name}");
        if (!IsRunning(pod))
        {
            throw noMetrics;
        }

        var usage = await PodUsageAsync([pod], context.RequestAborted);
        if (!usage.TryGetValue((@namespace, name), out var sample))
        {
            throw noMetrics;
        }

        var item = MetricsDocuments.Pod(sample, pod.Labels, _time.GetUtcNow(), withTypeMeta: true);
        await WriteAsync(context, null, [(item, sample.NanoCores, sample.WorkingSetBytes)]);
    }

    /// <summary>The usage of those of the nodes that are Ready and whose kubelet answered, by node name.</summary>
    private async Task<Dictionary<string, ResourceUsage>> NodeUsageAsync(IEnumerable<CachedObject> nodes, CancellationToken cancellationToken)
    {
        var summaries = await _scraper.ScrapeAsync(nodes.Select(Model).Where(IsReady), cancellationToken);
        var usage = new Dictionary<string, ResourceUsage>(StringComparer.Ordinal);
        foreach (var summary in summaries)
        {
            if (summary.Node is { } sample)
            {
                usage[summary.NodeName] = sample;
            }
        }

        return usage;
    }

    /// <summary>The usage of the pods, read from the kubelets of the Ready nodes they run on, by namespace and name.</summary>
    private async Task<Dictionary<(string Namespace, string Name), PodUsage>> PodUsageAsync(IEnumerable<CachedObject> pods, CancellationToken cancellationToken)
    {
        var nodes = pods
            .Select(p => p.Fields.TryGetValue("spec.nodeName", out var node) ? node : string.Empty)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(n => _nodes.Get(_nodes.Resource.Key(null, n)))
            .OfType<CachedObject>()
            .Select(Model)
            .Where(IsReady);
        var usage = new Dictionary<(string, string), PodUsage>();
        foreach (var summary in await _scraper.ScrapeAsync(nodes, cancellationToken))
        {
            foreach (var pod in summary.Pods)
            {
                usage.TryAdd((pod.Namespace, pod.Name), pod);
            }
        }

        return usage;
    }

    private static Task WriteAsync(HttpContext context, string? listKind, List<(JsonObject Item, ulong NanoCores, ulong WorkingSetBytes)> rows)
    {
        if (MediaTypes.WantsTable(context.Request.Headers.Accept.ToString()))
        {
            var table = MetricsTable.Build(rows, context.Request.Query["includeObject"].ToString());
            return Responses.WriteJsonAsync(context, 200, table, MediaTypes.Table);
        }

        return Responses.WriteJsonAsync(context, 200, listKind is null ? rows[0].Item : MetricsDocuments.List(listKind, rows.Select(r => r.Item)));
    }

    private static V1Node Model(CachedObject node) => KubernetesJson.Deserialize<V1Node>(Encoding.UTF8.GetString(node.Json));

    private static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsRunning(CachedObject pod) => pod.Fields.TryGetValue("status.phase", out var phase) && phase == "Running";

    // The fields metrics-server can select by: the object's metadata.
    private static Dictionary<string, string> NodeFields(CachedObject node) => new(StringComparer.Ordinal) { ["metadata.name"] = node.Name };

    private static Dictionary<string, string> PodFields(CachedObject pod) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = pod.Name,
        ["metadata.namespace"] = pod.Namespace,
    };
}
