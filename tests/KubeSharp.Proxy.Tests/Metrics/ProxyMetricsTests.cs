using KubeSharp.Proxy.Metrics;

namespace KubeSharp.Proxy.Tests.Metrics;

public sealed class ProxyMetricsTests
{
    [Fact]
    public void Sync_durations_are_histograms_with_upstreams_buckets()
    {
        var metrics = new ProxyMetrics();

        metrics.ObserveSync(full: true, TimeSpan.FromMilliseconds(3));
        metrics.ObserveSync(full: false, TimeSpan.FromMilliseconds(40));
        var text = metrics.Render();

        Assert.Contains("# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.002\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.004\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.064\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"16.384\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_sum 0.043", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_proxy_rules_duration_seconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_full_proxy_rules_duration_seconds_count 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_sync_partial_proxy_rules_duration_seconds_count 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_programming_buckets_go_from_a_quarter_second_to_five_minutes()
    {
        var metrics = new ProxyMetrics();

        metrics.ObserveNetworkProgramming(TimeSpan.FromSeconds(62));
        var text = metrics.Render();

        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"0.25\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"60\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"65\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kubeproxy_network_programming_duration_seconds_bucket{le=\"300\"} 1\n", text, StringComparison.Ordinal);
        // 2 + 59 + 12 + 7 bounds, and +Inf.
        Assert.Equal(81, text.Split('\n').Count(line => line.StartsWith("kubeproxy_network_programming_duration_seconds_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_sample_line_is_a_name_and_a_number()
    {
        var metrics = new ProxyMetrics();
        metrics.Synced(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        metrics.SyncFailed();
        metrics.HealthServed(livez: false, healthy: true);

        var lines = metrics.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

        Assert.All(lines.Where(line => !line.StartsWith('#')), line =>
        {
            var parts = line.Split(' ');
            Assert.Equal(2, parts.Length);
            Assert.True(double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out _), line);
        });
        Assert.Contains("kubeproxy_sync_proxy_rules_last_timestamp_seconds 1735689600", lines);
        Assert.Contains("kubeproxy_sync_proxy_rules_nftables_sync_failures_total 1", lines);
        Assert.Contains("kubeproxy_proxy_healthz_total{code=\"200\"} 1", lines);
    }
}
