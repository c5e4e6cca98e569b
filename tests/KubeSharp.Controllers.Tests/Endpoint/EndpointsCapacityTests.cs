using System.Globalization;
using k8s.Models;
using KubeSharp.Controllers.Endpoint;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>Endpoints hold at most 1000 addresses; ready ones are kept first.</summary>
public sealed class EndpointsCapacityTests
{
    [Fact]
    public void Within_capacity_nothing_is_cut()
    {
        List<V1EndpointSubset> subsets = [new() { Addresses = Addresses(600), NotReadyAddresses = Addresses(400, 1000) }];

        Assert.False(EndpointsCapacity.Truncate(subsets));
        Assert.Equal(600, subsets[0].Addresses.Count);
        Assert.Equal(400, subsets[0].NotReadyAddresses.Count);
    }

    [Fact]
    public void Not_ready_addresses_are_cut_before_ready_ones()
    {
        List<V1EndpointSubset> subsets = [new() { Addresses = Addresses(900), NotReadyAddresses = Addresses(300, 1000) }];

        Assert.True(EndpointsCapacity.Truncate(subsets));
        Assert.Equal(900, subsets[0].Addresses.Count);
        Assert.Equal(100, subsets[0].NotReadyAddresses.Count);
    }

    [Fact]
    public void Too_many_ready_addresses_are_cut_in_proportion_and_not_ready_ones_dropped()
    {
        List<V1EndpointSubset> subsets =
        [
            new() { Addresses = Addresses(900), NotReadyAddresses = Addresses(10, 5000) },
            new() { Addresses = Addresses(300, 2000) },
        ];

        Assert.True(EndpointsCapacity.Truncate(subsets));
        Assert.Equal(750, subsets[0].Addresses.Count);
        Assert.Equal(250, subsets[1].Addresses.Count);
        Assert.Null(subsets[0].NotReadyAddresses);
    }

    [Fact]
    public void The_over_capacity_annotation_is_correct_only_when_absent_and_within_capacity()
    {
        var fine = new V1Endpoints { Metadata = new V1ObjectMeta(), Subsets = [new() { Addresses = Addresses(10) }] };
        var marked = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [EndpointsCapacity.OverCapacityAnnotation] = EndpointsCapacity.Truncated } },
            Subsets = [new() { Addresses = Addresses(10) }],
        };
        var over = new V1Endpoints { Metadata = new V1ObjectMeta(), Subsets = [new() { Addresses = Addresses(1001) }] };

        Assert.True(EndpointsCapacity.AnnotationCorrect(fine));
        Assert.False(EndpointsCapacity.AnnotationCorrect(marked));
        Assert.False(EndpointsCapacity.AnnotationCorrect(over));
    }

    private static List<V1EndpointAddress> Addresses(int count, int first = 0) =>
        [.. Enumerable.Range(first, count).Select(i => new V1EndpointAddress { Ip = "10.42." + (i / 250).ToString(CultureInfo.InvariantCulture) + "." + (i % 250).ToString(CultureInfo.InvariantCulture) })];
}
