namespace KubeSharp.ApiServer.Metrics;

/// <summary>One sample: CPU in nanocores (averaged by the kubelet over its window), working-set bytes, and when it was taken.</summary>
internal readonly record struct ResourceUsage(ulong NanoCores, ulong WorkingSetBytes, DateTimeOffset Timestamp);
