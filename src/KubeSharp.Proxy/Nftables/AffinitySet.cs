namespace KubeSharp.Proxy.Nftables;

/// <summary>The set of clients that stick to one endpoint of a Service port (ClientIP session affinity).</summary>
internal readonly record struct AffinitySet(string Name, int TimeoutSeconds);
