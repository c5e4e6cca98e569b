using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace KubeSharp.Kubelet.Server;

/// <summary>
/// The kubelet's <c>/stats/summary</c> answer (upstream's Summary API, k8s.io/kubelet/pkg/apis/stats/v1alpha1):
/// the node's and each pod's and container's CPU and memory. Times are RFC 3339 to the second as
/// metav1.Time writes them; usageNanoCores is left out until two samples give a rate.
/// </summary>
internal sealed record StatsSummary(NodeSummary Node, IReadOnlyList<PodSummary> Pods)
{
    public byte[] ToJson(string nodeName)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("node");
            json.WriteString("nodeName", nodeName);
            WriteTime(json, "startTime", Node.StartTime);
            WriteCpu(json, Node.Cpu);
            WriteMemory(json, Node.Memory);
            json.WriteEndObject();

            json.WriteStartArray("pods");
            foreach (var pod in Pods)
            {
                json.WriteStartObject();
                json.WriteStartObject("podRef");
                json.WriteString("name", pod.Name);
                json.WriteString("namespace", pod.Namespace);
                json.WriteString("uid", pod.Uid);
                json.WriteEndObject();
                WriteTime(json, "startTime", pod.StartTime);
                json.WriteStartArray("containers");
                foreach (var container in pod.Containers)
                {
                    json.WriteStartObject();
                    json.WriteString("name", container.Name);
                    WriteTime(json, "startTime", container.StartTime);
                    WriteCpu(json, container.Cpu);
                    WriteMemory(json, container.Memory);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                WriteCpu(json, pod.Cpu);
                WriteMemory(json, pod.Memory);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCpu(Utf8JsonWriter json, CpuSummary? cpu)
    {
        if (cpu is null)
        {
            return;
        }

        json.WriteStartObject("cpu");
        WriteTime(json, "time", cpu.Time);
        if (cpu.UsageNanoCores is { } rate)
        {
            json.WriteNumber("usageNanoCores", rate);
        }

        json.WriteNumber("usageCoreNanoSeconds", cpu.UsageCoreNanoSeconds);
        json.WriteEndObject();
    }

    private static void WriteMemory(Utf8JsonWriter json, MemorySummary? memory)
    {
        if (memory is null)
        {
            return;
        }

        json.WriteStartObject("memory");
        WriteTime(json, "time", memory.Time);
        if (memory.AvailableBytes is { } available)
        {
            json.WriteNumber("availableBytes", available);
        }

        if (memory.UsageBytes is { } usage)
        {
            json.WriteNumber("usageBytes", usage);
        }

        json.WriteNumber("workingSetBytes", memory.WorkingSetBytes);
        json.WriteEndObject();
    }

    // metav1.Time: whole seconds in UTC; the zero time is null.
    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

internal sealed record NodeSummary(DateTimeOffset StartTime, CpuSummary Cpu, MemorySummary Memory);

/// <summary>A pod's containers; its own CPU and memory are their sums.</summary>
internal sealed record PodSummary(string Name, string Namespace, string Uid, DateTimeOffset? StartTime, IReadOnlyList<ContainerSummary> Containers)
{
    public CpuSummary? Cpu
    {
        get
        {
            var measured = Containers.Select(c => c.Cpu).OfType<CpuSummary>().ToList();
            return measured.Count == 0 ? null : new CpuSummary(
                measured.Max(c => c.Time),
                measured.All(c => c.UsageNanoCores is not null) ? measured.Aggregate(0UL, (sum, c) => sum + c.UsageNanoCores!.Value) : null,
                measured.Aggregate(0UL, (sum, c) => sum + c.UsageCoreNanoSeconds));
        }
    }

    public MemorySummary? Memory
    {
        get
        {
            var measured = Containers.Select(c => c.Memory).OfType<MemorySummary>().ToList();
            return measured.Count == 0 ? null : new MemorySummary(
                measured.Max(m => m.Time),
                null,
                measured.All(m => m.UsageBytes is not null) ? measured.Aggregate(0UL, (sum, m) => sum + m.UsageBytes!.Value) : null,
                measured.Aggregate(0UL, (sum, m) => sum + m.WorkingSetBytes));
        }
    }
}

internal sealed record ContainerSummary(string Name, DateTimeOffset? StartTime, CpuSummary? Cpu, MemorySummary? Memory);

/// <param name="UsageNanoCores">The average use over the last sample period, in billionths of a core; null before a second sample.</param>
/// <param name="UsageCoreNanoSeconds">The CPU time used so far, all cores.</param>
internal sealed record CpuSummary(DateTimeOffset Time, ulong? UsageNanoCores, ulong UsageCoreNanoSeconds);

internal sealed record MemorySummary(DateTimeOffset Time, ulong? AvailableBytes, ulong? UsageBytes, ulong WorkingSetBytes);
