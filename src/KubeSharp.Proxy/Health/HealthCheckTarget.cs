namespace KubeSharp.Proxy.Health;

/// <summary>
/// What a health check node port reports: the Service and its ready endpoints on this node
/// (distinct IPs over all its ports, as upstream counts them).
/// </summary>
internal sealed record HealthCheckTarget(string Namespace, string Name, int LocalEndpoints);
