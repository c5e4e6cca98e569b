namespace KubeSharp.ApiServer.Tests.Metrics;

/// <summary>A clock that always reads the same time (timers still run on the system's).</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
