namespace KubeSharp.ApiServer.Metrics;

/// <summary>A pod's containers' samples, as its node's kubelet reported them.</summary>
internal sealed record PodUsage(string Namespace, string Name, IReadOnlyList<ContainerUsage> Containers)
{
    /// <summary>metrics-server's timestamp for a pod: its oldest container sample.</summary>
    public DateTimeOffset Timestamp(DateTimeOffset whenEmpty) =>
        Containers.Count == 0 ? whenEmpty : Containers.Min(c => c.Usage.Timestamp);

    public ulong NanoCores => Containers.Aggregate(0UL, (sum, c) => sum + c.Usage.NanoCores);

    public ulong WorkingSetBytes => Containers.Aggregate(0UL, (sum, c) => sum + c.Usage.WorkingSetBytes);
}
