using k8s.Models;
using KubeSharp.Controllers.EndpointSlice;

namespace KubeSharp.Controllers.Tests.EndpointSlice;

/// <summary>The kubernetes Service's slice, made from the Endpoints the API server writes.</summary>
public sealed class KubernetesSliceMirrorTests
{
    [Fact]
    public void The_slice_has_the_first_subsets_ports_and_addresses()
    {
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kubernetes", NamespaceProperty = "default" },
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "192.168.1.10" }],
                    NotReadyAddresses = [new V1EndpointAddress { Ip = "192.168.1.11" }],
                    Ports = [new Corev1EndpointPort { Name = "https", Port = 6443, Protocol = "TCP" }],
                },
            ],
        };

        var slice = KubernetesSliceMirror.SliceFor(endpoints);

        Assert.Equal("kubernetes", slice.Metadata.Name);
        Assert.Equal("default", slice.Metadata.NamespaceProperty);
        Assert.Equal("kubernetes", slice.Metadata.Labels["kubernetes.io/service-name"]);
        Assert.Equal("endpointslicemirroring-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("IPv4", slice.AddressType);
        var port = Assert.Single(slice.Ports);
        Assert.Equal("https", port.Name);
        Assert.Equal(6443, port.Port);
        Assert.Equal(2, slice.Endpoints.Count);
        Assert.Equal("192.168.1.10", Assert.Single(slice.Endpoints[0].Addresses));
        Assert.True(slice.Endpoints[0].Conditions.Ready);
        Assert.False(slice.Endpoints[1].Conditions.Ready);
    }

    [Fact]
    public void Only_ipv6_addresses_make_an_ipv6_slice()
    {
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "kubernetes", NamespaceProperty = "default" },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "fd00::10" }] }],
        };

        var slice = KubernetesSliceMirror.SliceFor(endpoints);

        Assert.Equal("IPv6", slice.AddressType);
        Assert.True(KubernetesSliceMirror.Matches(slice, KubernetesSliceMirror.SliceFor(endpoints)));
    }
}
