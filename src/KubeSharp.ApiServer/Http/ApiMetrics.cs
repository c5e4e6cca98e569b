using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using KubeSharp.Api.Metrics;

namespace KubeSharp.ApiServer.Http;

/// <summary>
/// Prometheus metrics under upstream's names: apiserver_request_total,
/// apiserver_request_duration_seconds (histogram) and apiserver_longrunning_requests (watches).
/// </summary>
internal sealed class ApiMetrics
{
    private static readonly double[] Buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

    private readonly ConcurrentDictionary<(string Verb, string Resource, int Code), long> _requests = new();
    private readonly ConcurrentDictionary<(string Verb, string Resource), Histogram> _durations = new();
    private readonly ConcurrentDictionary<string, long> _watches = new();

    public void Observe(string verb, string resource, int code, TimeSpan duration)
    {
        _requests.AddOrUpdate((verb, resource, code), 1, (_, n) => n + 1);
        if (verb != "WATCH")
        {
            _durations.GetOrAdd((verb, resource), _ => new Histogram(Buckets)).Observe(duration.TotalSeconds);
        }
    }

    public void WatchStarted(string resource) => _watches.AddOrUpdate(resource, 1, (_, n) => n + 1);

    public void WatchEnded(string resource) => _watches.AddOrUpdate(resource, 0, (_, n) => n - 1);

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, resource and HTTP response code.");
        text.AppendLine("# TYPE apiserver_request_total counter");
        foreach (var ((verb, resource, code), count) in _requests.OrderBy(p => p.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"apiserver_request_total{{code=\"{code}\",resource=\"{resource}\",verb=\"{verb}\"}} {count}\n");
        }

        text.AppendLine("# HELP apiserver_request_duration_seconds Response latency distribution in seconds for each verb and resource.");
        text.AppendLine("# TYPE apiserver_request_duration_seconds histogram");
        foreach (var ((verb, resource), histogram) in _durations.OrderBy(p => p.Key))
        {
            histogram.Render(text, "apiserver_request_duration_seconds", $"resource=\"{resource}\",verb=\"{verb}\"");
        }

        text.AppendLine("# HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests broken out by verb and resource.");
        text.AppendLine("# TYPE apiserver_longrunning_requests gauge");
        foreach (var (resource, count) in _watches.OrderBy(p => p.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"apiserver_longrunning_requests{{resource=\"{resource}\",verb=\"WATCH\"}} {count}\n");
        }

        return text.ToString();
    }
}
