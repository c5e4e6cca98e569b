namespace KubeSharp.ApiServer.Metrics;

/// <summary>A container's sample, by container name.</summary>
internal sealed record ContainerUsage(string Name, ResourceUsage Usage);
