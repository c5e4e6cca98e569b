using k8s.Models;
using KubeSharp.Controllers.Endpoint;

namespace KubeSharp.Controllers.Tests.Endpoint;

/// <summary>RepackSubsets: one subset per set of addresses, with every port they share.</summary>
public sealed class SubsetRepackerTests
{
    private static readonly Corev1EndpointPort Http = new() { Name = "http", Port = 8080, Protocol = "TCP" };
    private static readonly Corev1EndpointPort Metrics = new() { Name = "metrics", Port = 9090, Protocol = "TCP" };

    [Fact]
    public void Addresses_on_the_same_port_share_one_subset_sorted_by_ip()
    {
        var packed = SubsetRepacker.Repack([Ready("10.42.1.5", Http), Ready("10.42.0.7", Http), Ready("10.42.0.3", Http)]);

        var subset = Assert.Single(packed);
        Assert.Equal(["10.42.0.3", "10.42.0.7", "10.42.1.5"], subset.Addresses.Select(a => a.Ip));
        Assert.Null(subset.NotReadyAddresses);
        Assert.Equal(8080, Assert.Single(subset.Ports).Port);
    }

    [Fact]
    public void Ports_served_by_the_same_addresses_are_merged()
    {
        var packed = SubsetRepacker.Repack([Ready("10.42.0.3", Http), Ready("10.42.0.3", Metrics), Ready("10.42.0.4", Metrics), Ready("10.42.0.4", Http)]);

        var subset = Assert.Single(packed);
        Assert.Equal(["10.42.0.3", "10.42.0.4"], subset.Addresses.Select(a => a.Ip));
        Assert.Equal(["http", "metrics"], subset.Ports.Select(p => p.Name));
    }

    [Fact]
    public void Different_sets_of_addresses_make_different_subsets()
    {
        // Only the first pod has the metrics port.
        var packed = SubsetRepacker.Repack([Ready("10.42.0.3", Http), Ready("10.42.0.3", Metrics), Ready("10.42.0.4", Http)]);

        Assert.Equal(2, packed.Count);
        var http = Assert.Single(packed, s => s.Ports.Single().Name == "http");
        var metrics = Assert.Single(packed, s => s.Ports.Single().Name == "metrics");
        Assert.Equal(["10.42.0.3", "10.42.0.4"], http.Addresses.Select(a => a.Ip));
        Assert.Equal("10.42.0.3", Assert.Single(metrics.Addresses).Ip);
    }

    [Fact]
    public void Not_ready_wins_over_ready_for_the_same_address_and_port()
    {
        var notReady = new V1EndpointSubset { NotReadyAddresses = [Address("10.42.0.3")], Ports = [Http] };

        var packed = SubsetRepacker.Repack([Ready("10.42.0.3", Http), notReady, Ready("10.42.0.4", Http)]);

        var subset = Assert.Single(packed);
        Assert.Equal("10.42.0.4", Assert.Single(subset.Addresses).Ip);
        Assert.Equal("10.42.0.3", Assert.Single(subset.NotReadyAddresses).Ip);
    }

    [Fact]
    public void Addresses_without_ports_are_kept()
    {
        var packed = SubsetRepacker.Repack([new V1EndpointSubset { Addresses = [Address("10.42.0.3")] }]);

        var subset = Assert.Single(packed);
        Assert.Equal("10.42.0.3", Assert.Single(subset.Addresses).Ip);
        Assert.Null(subset.Ports);
    }

    [Fact]
    public void The_same_ip_of_two_pods_stays_two_addresses()
    {
        var first = Address("10.42.0.3");
        var second = Address("10.42.0.3");
        second.TargetRef = new V1ObjectReference { Kind = "Pod", Name = "other", Uid = "uid-other" };

        var packed = SubsetRepacker.Repack([new V1EndpointSubset { Addresses = [first], Ports = [Http] }, new V1EndpointSubset { Addresses = [second], Ports = [Http] }]);

        Assert.Equal(2, Assert.Single(packed).Addresses.Count);
    }

    private static V1EndpointSubset Ready(string ip, Corev1EndpointPort port) => new() { Addresses = [Address(ip)], Ports = [port] };

    private static V1EndpointAddress Address(string ip) => new()
    {
        Ip = ip,
        NodeName = "node-a",
        TargetRef = new V1ObjectReference { Kind = "Pod", Name = "pod-" + ip, Uid = "uid-" + ip },
    };
}
