using k8s.Models;
using KubeSharp.Controllers.NodeLifecycle;
using Microsoft.Extensions.Time.Testing;

namespace KubeSharp.Controllers.Tests.NodeLifecycle;

/// <summary>Tainting for eviction is rate-limited per zone, and slowed or stopped when a zone looks disrupted.</summary>
public sealed class ZoneTainterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Nodes_are_let_out_one_at_a_time_at_the_eviction_rate()
    {
        var zone = new ZoneTainter(0.1, _time);
        Assert.True(zone.Add("a"));
        Assert.True(zone.Add("b"));
        Assert.True(zone.Add("c"));

        Assert.Equal(["a"], zone.TakeDue());
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(zone.TakeDue());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["b"], zone.TakeDue());
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["c"], zone.TakeDue());
    }

    [Fact]
    public void A_node_handed_out_is_not_queued_again_until_removed()
    {
        var zone = new ZoneTainter(10, _time);
        zone.Add("a");
        Assert.Equal(["a"], zone.TakeDue());

        Assert.False(zone.Add("a"));
        Assert.True(zone.Remove("a"));
        Assert.True(zone.Add("a"));
    }

    [Fact]
    public void A_failed_node_is_retried_after_its_delay()
    {
        var zone = new ZoneTainter(10, _time);
        zone.Add("a");
        Assert.Equal(["a"], zone.TakeDue());

        zone.Retry("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Empty(zone.TakeDue());
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(["a"], zone.TakeDue());
    }

    [Fact]
    public void A_zero_rate_stops_evictions_and_a_new_rate_resumes_them()
    {
        var zone = new ZoneTainter(0.1, _time);
        zone.SwapLimiter(0);
        zone.Add("a");
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(zone.TakeDue());

        // Resuming grants no burst: the first node goes one interval later, as upstream's SwapLimiter drains the new bucket.
        zone.SwapLimiter(0.1);
        Assert.Empty(zone.TakeDue());
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["a"], zone.TakeDue());
    }

    [Fact]
    public void The_token_bucket_starts_full_and_refills_at_its_rate()
    {
        var bucket = new TokenBucket(2, 1, _time);
        Assert.True(bucket.TryAccept());
        Assert.False(bucket.TryAccept());
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryAccept());
        Assert.False(new TokenBucket(0, 1, _time).TryAccept());
    }

    [Theory]
    [InlineData("", "Normal")]
    [InlineData("T", "Normal")]
    [InlineData("F", "FullDisruption")]
    [InlineData("FU", "FullDisruption")]
    [InlineData("TFF", "Normal")]
    [InlineData("TTFFF", "PartialDisruption")]
    [InlineData("TTTTFFF", "Normal")]
    public void Zone_state_comes_from_the_share_of_nodes_not_ready(string statuses, string expected)
    {
        var ready = statuses.Select(c => c switch { 'T' => "True", 'F' => "False", _ => (string?)null }).ToList();

        Assert.Equal(expected, Zones.Compute(ready).State.ToString());
    }

    [Fact]
    public void A_partially_disrupted_zone_slows_down_if_large_and_stops_if_small()
    {
        Assert.Equal(0.1, Zones.RateFor(ZoneState.Normal, 10, 0.1));
        Assert.Equal(0.1, Zones.RateFor(ZoneState.FullDisruption, 10, 0.1));
        Assert.Equal(0, Zones.RateFor(ZoneState.PartialDisruption, 50, 0.1));
        Assert.Equal(0.01, Zones.RateFor(ZoneState.PartialDisruption, 51, 0.1));
    }

    [Fact]
    public void The_zone_key_is_region_and_zone()
    {
        var labelled = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = "n1",
                Labels = new Dictionary<string, string> { ["topology.kubernetes.io/region"] = "sim", ["topology.kubernetes.io/zone"] = "zone-b" },
            },
        };

        Assert.Equal("sim:\0:zone-b", Zones.KeyOf(labelled));
        Assert.Equal("sim/zone-b", Zones.Describe(Zones.KeyOf(labelled)));
        Assert.Equal(string.Empty, Zones.KeyOf(new V1Node { Metadata = new V1ObjectMeta { Name = "n2" } }));
    }
}
