using KubeSharp.Proxy.Health;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Proxy.Tests.Health;

public sealed class ProxyHealthTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_change_that_waits_longer_than_the_timeout_makes_the_proxy_unhealthy()
    {
        var health = new ProxyHealth(_time, TimeSpan.FromSeconds(60));
        Assert.True(health.IsHealthy);

        health.QueuedUpdate();
        _time.Advance(TimeSpan.FromSeconds(30));
        health.QueuedUpdate();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(health.IsHealthy);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(health.IsHealthy);
        Assert.Equal(503, health.Reply(livez: false).Status);

        health.Updated();
        Assert.True(health.IsHealthy);
        Assert.Equal(200, health.Reply(livez: true).Status);
    }

    [Fact]
    public void The_answers_are_upstreams_json()
    {
        var health = new ProxyHealth(_time, TimeSpan.FromSeconds(60));

        Assert.Equal(
            "{\"lastUpdated\": \"2025-01-01T00:00:00.0000000Z\",\"currentTime\": \"2025-01-01T00:00:00.0000000Z\", \"nodeEligible\": true}",
            health.Reply(livez: false).Body);
        Assert.Equal(
            "{\"lastUpdated\": \"2025-01-01T00:00:00.0000000Z\",\"currentTime\": \"2025-01-01T00:00:00.0000000Z\"}",
            health.Reply(livez: true).Body);
        Assert.Equal("application/json", health.Reply(livez: true).ContentType);
    }
}
