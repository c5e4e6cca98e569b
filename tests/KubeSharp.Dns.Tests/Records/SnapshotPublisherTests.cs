using KubeSharp.Dns.Records;
using KubeSharp.Dns.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Dns.Tests.Records;

public sealed class SnapshotPublisherTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly List<uint> _serials = [];

    [Fact]
    public void A_change_after_a_quiet_time_is_built_at_once()
    {
        using var publisher = Create();
        var initial = publisher.Current;

        publisher.Changed();

        Assert.NotSame(initial, publisher.Current);
        Assert.Equal([(uint)_time.GetUtcNow().ToUnixTimeSeconds()], _serials);
        Assert.Equal(_serials[0], publisher.Current.Serial);
    }

    [Fact]
    public void Changes_within_50_ms_of_a_build_are_built_together_when_the_50_ms_are_up()
    {
        using var publisher = Create();
        publisher.Changed();

        publisher.Changed();
        publisher.Changed();
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Single(_serials);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _serials.Count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _serials.Count);
    }

    [Fact]
    public void A_failed_build_keeps_the_last_snapshot()
    {
        var fail = false;
        using var publisher = new SnapshotPublisher(
            serial => fail ? throw new InvalidOperationException("broken") : TestZone.Build(),
            TestZone.Build(),
            _time,
            NullLogger.Instance);
        publisher.Publish();
        var built = publisher.Current;

        fail = true;
        publisher.Publish();

        Assert.Same(built, publisher.Current);
    }

    private SnapshotPublisher Create() => new(
        serial =>
        {
            _serials.Add(serial);
            return ZoneSnapshotBuilder.Build(TestZone.Options, [], [], [], serial);
        },
        TestZone.Build(),
        _time,
        NullLogger.Instance);
}
