using KubeSharp.Controllers.Deployment;

namespace KubeSharp.Controllers.Tests.Deployment;

/// <summary>deployment_util_test.go's TestResolveFenceposts and TestMaxUnavailable.</summary>
public sealed class FencepostsTests
{
    [Theory]
    [InlineData("0%", "0%", 0, 0, 1)]
    [InlineData("39%", "39%", 10, 4, 3)]
    [InlineData(null, "39%", 10, 0, 3)]
    [InlineData("39%", null, 10, 4, 0)]
    [InlineData(null, null, 10, 0, 1)]
    [InlineData("25%", "25%", 5, 2, 1)]
    [InlineData("25%", "25%", 3, 1, 0)]
    public void ResolveFenceposts_rounds_surge_up_and_unavailability_down(string? maxSurge, string? maxUnavailable, int desired, int surge, int unavailable)
    {
        Assert.Equal((surge, unavailable), Fenceposts.Resolve(Builders.Value(maxSurge), Builders.Value(maxUnavailable), desired));
    }

    [Theory]
    [InlineData("oops", "39%")]
    [InlineData("55%", "urg")]
    public void ResolveFenceposts_rejects_what_is_neither_a_count_nor_a_percentage(string maxSurge, string maxUnavailable)
    {
        Assert.Throws<FormatException>(() => Fenceposts.Resolve(maxSurge, maxUnavailable, 10));
    }

    [Theory]
    [InlineData(10, "5", 5)]
    [InlineData(10, "10", 10)]
    [InlineData(5, "10", 5)]
    [InlineData(0, "10", 0)]
    [InlineData(10, "50%", 5)]
    [InlineData(10, "100%", 10)]
    [InlineData(5, "100%", 5)]
    public void MaxUnavailable_is_never_more_than_the_replicas(int replicas, string maxUnavailable, int expected)
    {
        var d = Builders.Deployment(replicas, maxSurge: Builders.Count(1), maxUnavailable: maxUnavailable);

        Assert.Equal(expected, Fenceposts.MaxUnavailable(d));
    }

    [Fact]
    public void Recreate_has_no_surge_and_no_unavailability()
    {
        var d = Builders.Deployment(10, strategy: "Recreate");

        Assert.Equal((0, 0), (Fenceposts.MaxSurge(d), Fenceposts.MaxUnavailable(d)));
    }

    [Fact]
    public void An_invalid_value_counts_as_zero()
    {
        var d = Builders.Deployment(10, maxSurge: "oops", maxUnavailable: "25%");

        Assert.Equal((0, 0), (Fenceposts.MaxSurge(d), Fenceposts.MaxUnavailable(d)));
    }
}
