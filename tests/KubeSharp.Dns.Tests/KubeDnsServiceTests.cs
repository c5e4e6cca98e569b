namespace KubeSharp.Dns.Tests;

public sealed class KubeDnsServiceTests
{
    [Fact]
    public void The_service_has_the_cluster_dns_ip_no_selector_and_dns_ports_to_the_listen_port()
    {
        var service = KubeDnsService.DesiredService("10.43.0.10", 5353);

        Assert.Equal("kube-system", service.Metadata.NamespaceProperty);
        Assert.Equal("kube-dns", service.Metadata.Name);
        Assert.Equal("kube-dns", service.Metadata.Labels["k8s-app"]);
        Assert.Equal("true", service.Metadata.Labels["kubernetes.io/cluster-service"]);
        Assert.Equal("10.43.0.10", service.Spec.ClusterIP);
        Assert.Null(service.Spec.Selector);
        Assert.Equal(
            ["dns/UDP/53/5353", "dns-tcp/TCP/53/5353"],
            service.Spec.Ports.Select(port => $"{port.Name}/{port.Protocol}/{port.Port}/{port.TargetPort.Value}"));
    }

    [Fact]
    public void The_slice_lists_the_servers_ready_on_the_listen_port()
    {
        var slice = KubeDnsService.DesiredSlice(["10.0.0.5", "10.0.0.6", "10.0.0.5"], 5353);

        Assert.Equal("kube-dns-kubesharp", slice.Metadata.Name);
        Assert.Equal("kube-dns", slice.Metadata.Labels["kubernetes.io/service-name"]);
        Assert.Equal("cluster-dns.kubesharp.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal(["10.0.0.5", "10.0.0.6"], slice.Endpoints.Select(endpoint => Assert.Single(endpoint.Addresses)));
        Assert.All(slice.Endpoints, endpoint => Assert.True(endpoint.Conditions.Ready));
        Assert.Equal(["dns/UDP/5353", "dns-tcp/TCP/5353"], slice.Ports.Select(port => $"{port.Name}/{port.Protocol}/{port.Port}"));
    }

    [Fact]
    public void Ipv6_servers_get_an_ipv6_slice()
    {
        Assert.Equal("IPv6", KubeDnsService.DesiredSlice(["fd00::5"], 53).AddressType);
    }

    [Fact]
    public void What_the_server_wrote_matches_and_a_changed_port_or_address_does_not()
    {
        var service = KubeDnsService.DesiredService("10.43.0.10", 53);
        var slice = KubeDnsService.DesiredSlice(["10.0.0.5"], 53);

        Assert.True(KubeDnsService.ServiceMatches(KubeDnsService.DesiredService("10.43.0.10", 53), service));
        Assert.False(KubeDnsService.ServiceMatches(KubeDnsService.DesiredService("10.43.0.10", 5353), service));
        Assert.True(KubeDnsService.SliceMatches(KubeDnsService.DesiredSlice(["10.0.0.5"], 53), slice));
        Assert.False(KubeDnsService.SliceMatches(KubeDnsService.DesiredSlice(["10.0.0.6"], 53), slice));
        Assert.False(KubeDnsService.SliceMatches(KubeDnsService.DesiredSlice(["10.0.0.5"], 5353), slice));
    }
}
