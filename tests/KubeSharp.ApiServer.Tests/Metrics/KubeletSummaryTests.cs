using System.Text.Json;
using KubeSharp.ApiServer.Metrics;

namespace KubeSharp.ApiServer.Tests.Metrics;

public sealed class KubeletSummaryTests
{
    private static readonly DateTimeOffset Scraped = new(2026, 1, 2, 3, 5, 0, TimeSpan.Zero);

    [Fact]
    public void Node_and_container_usage_are_read_with_their_cpu_sample_times()
    {
        using var document = JsonDocument.Parse("""
            {"node":{"nodeName":"n1","cpu":{"time":"2026-01-02T03:04:05Z","usageNanoCores":123,"usageCoreNanoSeconds":999},"memory":{"time":"2026-01-02T03:04:06Z","workingSetBytes":4096,"usageBytes":8192}},
             "pods":[{"podRef":{"name":"web","namespace":"ns1","uid":"u"},"startTime":"2026-01-01T00:00:00Z",
                      "containers":[{"name":"a","cpu":{"time":"2026-01-02T03:04:00Z","usageNanoCores":5},"memory":{"workingSetBytes":6}}],
                      "cpu":{"usageNanoCores":1000},"volume":[{"name":"v","usedBytes":1}]}]}
            """);

        var summary = KubeletSummary.Parse("n1", document.RootElement, Scraped);

        Assert.Equal(new ResourceUsage(123, 4096, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), summary.Node);
        var pod = Assert.Single(summary.Pods);
        Assert.Equal(("ns1", "web"), (pod.Namespace, pod.Name));
        Assert.Equal(new ContainerUsage("a", new ResourceUsage(5, 6, new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero))), Assert.Single(pod.Containers));
    }

    [Fact]
    public void What_lacks_a_value_has_no_usage_and_a_sample_without_time_takes_the_scrape_time()
    {
        using var document = JsonDocument.Parse("""
            {"node":{"cpu":{"usageCoreNanoSeconds":1},"memory":{"workingSetBytes":1}},
             "pods":[{"podRef":{"name":"partial","namespace":"ns"},"containers":[{"name":"a","cpu":{"usageNanoCores":1},"memory":{"workingSetBytes":1}},{"name":"b","cpu":{"usageNanoCores":1},"memory":{}}]},
                     {"podRef":{"name":"whole","namespace":"ns"},"containers":[{"name":"a","cpu":{"usageNanoCores":1},"memory":{"workingSetBytes":2}}]},
                     {"containers":[]}]}
            """);

        var summary = KubeletSummary.Parse("n1", document.RootElement, Scraped);

        Assert.Null(summary.Node);
        var pod = Assert.Single(summary.Pods);
        Assert.Equal("whole", pod.Name);
        Assert.Equal(Scraped, pod.Containers[0].Usage.Timestamp);
    }
}
