using KubeSharp.ApiServer.Http;

namespace KubeSharp.ApiServer.Tests.Unit;

public sealed class ApiMetricsTests
{
    [Fact]
    public void Request_durations_are_a_histogram_per_verb_and_resource()
    {
        var metrics = new ApiMetrics();
        metrics.Observe("GET", "pods", 200, TimeSpan.FromMilliseconds(30));
        metrics.Observe("GET", "pods", 404, TimeSpan.FromMilliseconds(300));
        metrics.Observe("WATCH", "pods", 200, TimeSpan.FromMinutes(5));

        var text = metrics.Render();

        Assert.Contains("# TYPE apiserver_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_bucket{resource=\"pods\",verb=\"GET\",le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_bucket{resource=\"pods\",verb=\"GET\",le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_bucket{resource=\"pods\",verb=\"GET\",le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_duration_seconds_count{resource=\"pods\",verb=\"GET\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("apiserver_request_total{code=\"404\",resource=\"pods\",verb=\"GET\"} 1\n", text, StringComparison.Ordinal);

        // Watches are counted, not timed.
        Assert.DoesNotContain("verb=\"WATCH\",le=", text, StringComparison.Ordinal);
    }
}
