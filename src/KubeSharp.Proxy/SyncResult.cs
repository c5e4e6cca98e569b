namespace KubeSharp.Proxy;

/// <summary>
/// One sync that ran nft: whether it rebuilt the whole table, how many Service ports the table now
/// serves, how many nft commands (table objects, rules and elements) it sent, and how long it took.
/// </summary>
public sealed record SyncResult(bool Full, int ServicePorts, int Commands, TimeSpan Duration, DateTimeOffset FinishedAt);
