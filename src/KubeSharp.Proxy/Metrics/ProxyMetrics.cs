using System.Globalization;
using System.Text;
using KubeSharp.Api.Metrics;

namespace KubeSharp.Proxy.Metrics;

/// <summary>kube-proxy's Prometheus metrics under upstream's names and buckets.</summary>
internal sealed class ProxyMetrics
{
    /// <summary>1 ms doubling to 16 s (upstream's ExponentialBuckets(0.001, 2, 15)).</summary>
    private static readonly double[] SyncBuckets = Exponential(0.001, 2, 15);

    /// <summary>0.25 s, 0.5 s, each second to 59 s, every 5 s to 115 s, every 30 s to 5 minutes.</summary>
    private static readonly double[] ProgrammingBuckets = [0.25, 0.5, .. Linear(1, 1, 59), .. Linear(60, 5, 12), .. Linear(120, 30, 7)];

    private readonly Histogram _syncDuration = new(SyncBuckets);
    private readonly Histogram _fullSyncDuration = new(SyncBuckets);
    private readonly Histogram _partialSyncDuration = new(SyncBuckets);
    private readonly Histogram _networkProgramming = new(ProgrammingBuckets);
    private readonly Lock _lock = new();
    private double _lastSync;
    private double _lastQueued;
    private long _syncFailures;
    private long _serviceChanges;
    private long _endpointChanges;
    private long _healthz200;
    private long _healthz503;
    private long _livez200;
    private long _livez503;

    public void ObserveSync(bool full, TimeSpan duration)
    {
        _syncDuration.Observe(duration.TotalSeconds);
        (full ? _fullSyncDuration : _partialSyncDuration).Observe(duration.TotalSeconds);
    }

    /// <summary>From an EndpointSlice's last-change-trigger-time to the end of the sync that applied it.</summary>
    public void ObserveNetworkProgramming(TimeSpan latency) => _networkProgramming.Observe(Math.Max(0, latency.TotalSeconds));

    public void Synced(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSync = at.ToUnixTimeMilliseconds() / 1000.0;
        }
    }

    public void Queued(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastQueued = at.ToUnixTimeMilliseconds() / 1000.0;
        }
    }

    public void SyncFailed() => Interlocked.Increment(ref _syncFailures);

    public void ServiceChanged() => Interlocked.Increment(ref _serviceChanges);

    public void EndpointSliceChanged() => Interlocked.Increment(ref _endpointChanges);

    /// <summary>Counts a /healthz or /livez answer.</summary>
    public void HealthServed(bool livez, bool healthy)
    {
        switch ((livez, healthy))
        {
            case (true, true):
                Interlocked.Increment(ref _livez200);
                break;
            case (true, false):
                Interlocked.Increment(ref _livez503);
                break;
            case (false, true):
                Interlocked.Increment(ref _healthz200);
                break;
            default:
                Interlocked.Increment(ref _healthz503);
                break;
        }
    }

    public string Render()
    {
        var text = new StringBuilder(8 * 1024);
        Series(text, "kubeproxy_sync_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds", _syncDuration);
        Series(text, "kubeproxy_sync_full_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds for full resyncs", _fullSyncDuration);
        Series(text, "kubeproxy_sync_partial_proxy_rules_duration_seconds", "SyncProxyRules latency in seconds for partial resyncs", _partialSyncDuration);
        Series(text, "kubeproxy_network_programming_duration_seconds", "In Cluster Network Programming Latency in seconds", _networkProgramming);
        double lastSync, lastQueued;
        lock (_lock)
        {
            lastSync = _lastSync;
            lastQueued = _lastQueued;
        }

        Gauge(text, "kubeproxy_sync_proxy_rules_last_timestamp_seconds", "The last time proxy rules were successfully synced", lastSync);
        Gauge(text, "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds", "The last time a sync of proxy rules was queued", lastQueued);
        Counter(text, "kubeproxy_sync_proxy_rules_nftables_sync_failures_total", "Cumulative proxy nftables sync failures", null, Interlocked.Read(ref _syncFailures));
        Counter(text, "kubeproxy_sync_proxy_rules_service_changes_total", "Cumulative proxy rules Service changes", null, Interlocked.Read(ref _serviceChanges));
        Counter(text, "kubeproxy_sync_proxy_rules_endpoint_changes_total", "Cumulative proxy rules Endpoint changes", null, Interlocked.Read(ref _endpointChanges));
        Counter(text, "kubeproxy_proxy_healthz_total", "Cumulative proxy healthz HTTP status", [("200", Interlocked.Read(ref _healthz200)), ("503", Interlocked.Read(ref _healthz503))], 0);
        Counter(text, "kubeproxy_proxy_livez_total", "Cumulative proxy livez HTTP status", [("200", Interlocked.Read(ref _livez200)), ("503", Interlocked.Read(ref _livez503))], 0);
        return text.ToString();
    }

    private static void Series(StringBuilder text, string name, string help, Histogram histogram)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" histogram\n");
        histogram.Render(text, name);
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    /// <summary>A counter, with one series per HTTP code when <paramref name="byCode"/> is given.</summary>
    private static void Counter(StringBuilder text, string name, string help, (string Code, long Value)[]? byCode, long value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        if (byCode is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
            return;
        }

        foreach (var (code, count) in byCode)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{code=\"{code}\"}} {count}\n");
        }
    }

    private static double[] Exponential(double start, double factor, int count)
    {
        var buckets = new double[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = i == 0 ? start : buckets[i - 1] * factor;
        }

        return buckets;
    }

    private static double[] Linear(double start, double width, int count)
    {
        var buckets = new double[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = start + (i * width);
        }

        return buckets;
    }
}
