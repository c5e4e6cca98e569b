using System.Text.Json.Nodes;
using KubeSharp.Kubelet.Server;

namespace KubeSharp.Kubelet.Tests.Server;

public sealed class StatsSummaryTests
{
    private static readonly DateTimeOffset Boot = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public void The_summary_has_upstreams_shape()
    {
        var summary = new StatsSummary(
            new NodeSummary(Boot, new CpuSummary(Now, 250_000_000, 9_000_000_000), new MemorySummary(Now, 3000, 5000, 4000)),
            [
                new PodSummary("web", "default", "uid-1", Boot.AddHours(1), [
                    new ContainerSummary("app", Boot.AddHours(2), new CpuSummary(Now, 100, 1000), new MemorySummary(Now, null, 700, 600)),
                    new ContainerSummary("sidecar", null, new CpuSummary(Now, 50, 500), new MemorySummary(Now, null, 300, 200)),
                ]),
            ]);

        var json = JsonNode.Parse(summary.ToJson("node-1"))!;

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {
                  "node": {
                    "nodeName": "node-1",
                    "startTime": "2024-01-01T00:00:00Z",
                    "cpu": { "time": "2024-01-02T03:04:05Z", "usageNanoCores": 250000000, "usageCoreNanoSeconds": 9000000000 },
                    "memory": { "time": "2024-01-02T03:04:05Z", "availableBytes": 3000, "usageBytes": 5000, "workingSetBytes": 4000 }
                  },
                  "pods": [
                    {
                      "podRef": { "name": "web", "namespace": "default", "uid": "uid-1" },
                      "startTime": "2024-01-01T01:00:00Z",
                      "containers": [
                        {
                          "name": "app",
                          "startTime": "2024-01-01T02:00:00Z",
                          "cpu": { "time": "2024-01-02T03:04:05Z", "usageNanoCores": 100, "usageCoreNanoSeconds": 1000 },
                          "memory": { "time": "2024-01-02T03:04:05Z", "usageBytes": 700, "workingSetBytes": 600 }
                        },
                        {
                          "name": "sidecar",
                          "startTime": null,
                          "cpu": { "time": "2024-01-02T03:04:05Z", "usageNanoCores": 50, "usageCoreNanoSeconds": 500 },
                          "memory": { "time": "2024-01-02T03:04:05Z", "usageBytes": 300, "workingSetBytes": 200 }
                        }
                      ],
                      "cpu": { "time": "2024-01-02T03:04:05Z", "usageNanoCores": 150, "usageCoreNanoSeconds": 1500 },
                      "memory": { "time": "2024-01-02T03:04:05Z", "usageBytes": 1000, "workingSetBytes": 800 }
                    }
                  ]
                }
                """),
            json),
            json.ToJsonString());
    }

    [Fact]
    public void Without_a_rate_usage_nano_cores_is_left_out_also_from_the_pods_sum()
    {
        var summary = new StatsSummary(
            new NodeSummary(Boot, new CpuSummary(Now, null, 9), new MemorySummary(Now, 1, 2, 3)),
            [
                new PodSummary("web", "default", "uid-1", null, [
                    new ContainerSummary("app", null, new CpuSummary(Now, null, 10), null),
                    new ContainerSummary("sidecar", null, new CpuSummary(Now, 5, 20), null),
                ]),
            ]);

        var json = JsonNode.Parse(summary.ToJson("node-1"))!;

        Assert.False(json["node"]!["cpu"]!.AsObject().ContainsKey("usageNanoCores"));
        Assert.False(json["pods"]![0]!["containers"]![0]!["cpu"]!.AsObject().ContainsKey("usageNanoCores"));
        Assert.False(json["pods"]![0]!["cpu"]!.AsObject().ContainsKey("usageNanoCores"));
        Assert.Equal(30UL, json["pods"]![0]!["cpu"]!["usageCoreNanoSeconds"]!.GetValue<ulong>());
        Assert.False(json["pods"]![0]!.AsObject().ContainsKey("memory"));
    }

    [Fact]
    public void Cpu_rates_come_from_two_readings()
    {
        var first = new CpuCounter(1_000_000_000, Now);
        var second = new CpuCounter(3_000_000_000, Now.AddSeconds(10));

        Assert.Null(first.NanoCoresSince(null));
        Assert.Equal(200_000_000UL, second.NanoCoresSince(first));
        Assert.Null(first.NanoCoresSince(second));
    }

    [Fact]
    public void Node_cpu_and_memory_are_read_from_proc()
    {
        var (usage, boot) = NodeUsageReader.ParseStat(
            "cpu  100 20 30 4000 50 6 7 8 9 0\ncpu0 50 10 15 2000 25 3 3 4 4 0\nintr 1 2 3\nbtime 1700000000\nprocesses 42\n");
        var (total, free, available) = NodeUsageReader.ParseMeminfo(
            "MemTotal:       16000 kB\nMemFree:         2000 kB\nMemAvailable:    6000 kB\nBuffers:          100 kB\nHugePages_Total:       0\n");

        // user + nice + system + irq + softirq + steal = 171 ticks of 10 ms.
        Assert.Equal(1_710_000_000UL, usage);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), boot);
        Assert.Equal(16000UL * 1024, total);
        Assert.Equal(2000UL * 1024, free);
        Assert.Equal(6000UL * 1024, available);
    }

    [Fact]
    public void Proc_text_without_the_fields_is_refused()
    {
        Assert.Throws<FormatException>(() => NodeUsageReader.ParseStat("intr 1 2 3\n"));
        Assert.Throws<FormatException>(() => NodeUsageReader.ParseMeminfo("MemTotal: 1 kB\n"));
    }
}
